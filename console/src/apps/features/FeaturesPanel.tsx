import { useEffect, useState } from 'react';
import { Collapse, Form, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FEATURES } from './index';

/**
 * Every feature of the registry as a collapsible section; the badge says which are on. `focus` is the
 * draft field an API error named: its section opens so the error shows next to the field.
 */
export function FeaturesPanel({ focus }: { focus?: string | null }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const values = Form.useWatch([], form) ?? {};
  const [open, setOpen] = useState<string[]>([]);
  useEffect(() => {
    const root = focus?.split(/[.[]/)[0];
    const owner = FEATURES.find((feature) => (feature.fields as readonly string[]).includes(root ?? ''));
    if (owner) setOpen((keys) => (keys.includes(owner.key) ? keys : [...keys, owner.key]));
  }, [focus]);
  return (
    <Collapse
      activeKey={open}
      onChange={(keys) => setOpen(keys as string[])}
      items={FEATURES.map((feature) => ({
        key: feature.key,
        label: (
          <span>
            {t(feature.title as 'features.opener')}{' '}
            {feature.active?.(values) && (
              <Tag color="blue" style={{ marginLeft: 6 }}>
                {t('common.enabled')}
              </Tag>
            )}
          </span>
        ),
        children: (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t(feature.help as 'features.openerHelp')}
            </Typography.Paragraph>
            <feature.Form />
          </>
        ),
        forceRender: true,
      }))}
    />
  );
}
