import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NODE_TYPES } from '../nodes';

export const DRAG_TYPE = 'application/x-switchboard-node';

/** Every node type; drag one onto the canvas, or press Enter on it to add it in the middle. */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="palette" aria-label={t('workflow.palette')}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('workflow.paletteHelp')}
      </Typography.Text>
      {NODE_TYPES.map((def) => (
        <div
          key={def.type}
          className="palette-item"
          role="button"
          tabIndex={0}
          draggable
          data-testid={`palette-${def.type}`}
          title={t(def.description as 'workflow.llm.help', { defaultValue: def.type })}
          onDragStart={(event) => {
            event.dataTransfer.setData(DRAG_TYPE, def.type);
            event.dataTransfer.effectAllowed = 'move';
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              onAdd(def.type);
            }
          }}
          onDoubleClick={() => onAdd(def.type)}
        >
          <span style={{ color: def.color }}>{def.icon}</span>
          {t(def.title as 'workflow.types.llm', { defaultValue: def.type })}
        </div>
      ))}
    </nav>
  );
}
