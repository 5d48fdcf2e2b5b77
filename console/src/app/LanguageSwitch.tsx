import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('nav.language')}
      value={i18n.language as Language}
      onChange={setLanguage}
      variant="borderless"
      prefix={<GlobalOutlined />}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      style={{ minWidth: 130 }}
    />
  );
}
