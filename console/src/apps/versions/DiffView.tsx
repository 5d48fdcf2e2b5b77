import { useMemo } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { configDiff } from './diff';

export function DiffView({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const lines = useMemo(() => configDiff(before, after), [before, after]);
  if (!lines.some((line) => line.kind === 'add' || line.kind === 'del')) {
    return <Typography.Text type="secondary">{t('versions.noDifference')}</Typography.Text>;
  }
  return (
    <div className="diff-view" role="region" aria-label={t('versions.compare')} data-testid="version-diff">
      {lines.map((line, i) =>
        line.kind === 'fold' ? (
          <div key={i} className="diff-line" style={{ color: '#98a2b3' }}>
            ⋯ {line.count}
          </div>
        ) : (
          <div key={i} className={`diff-line ${line.kind}`}>
            {line.kind === 'add' ? '+ ' : line.kind === 'del' ? '- ' : '  '}
            {line.text}
          </div>
        ),
      )}
    </div>
  );
}
