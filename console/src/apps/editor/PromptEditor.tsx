import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { segments } from './draftForm';

/**
 * A plain textarea with a mirror behind it that paints `{{variable}}` placeholders: known variables
 * blue, unknown ones orange. The textarea stays the real, accessible input.
 */
export function PromptEditor({
  value = '',
  onChange,
  known,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  known: string[];
  id?: string;
}) {
  const { t } = useTranslation();
  const mirror = useRef<HTMLDivElement>(null);
  return (
    <div className="prompt-editor">
      <div className="prompt-mirror" ref={mirror} aria-hidden>
        {segments(value).map((part, i) =>
          part.variable ? (
            <mark key={i} className={known.includes(part.variable) ? undefined : 'unknown'}>
              {part.text}
            </mark>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
        {'\n'}
      </div>
      <textarea
        id={id}
        aria-label={t('editor.systemPrompt')}
        value={value}
        rows={8}
        spellCheck={false}
        placeholder={t('editor.promptPlaceholder')}
        onChange={(e) => onChange?.(e.target.value)}
        onScroll={(e) => {
          if (mirror.current) mirror.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}
