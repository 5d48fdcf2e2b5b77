import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { defineFeature } from './feature';

const LANGUAGES = ['zh-CN', 'zh-TW', 'en', 'ja', 'ko', 'fr', 'de', 'es', 'pt', 'ru', 'ar'];

function ReplyLanguageForm() {
  const { t } = useTranslation();
  return (
    <Form.Item name="replyLanguage" label={t('features.replyLanguage')}>
      <Select
        allowClear
        showSearch
        placeholder={t('features.followUser')}
        style={{ width: 240 }}
        options={LANGUAGES.map((code) => ({ value: code, label: `${new Intl.DisplayNames([navigator.language], { type: 'language' }).of(code) ?? code} (${code})` }))}
      />
    </Form.Item>
  );
}

export default defineFeature({
  key: 'replyLanguage',
  order: 30,
  fields: ['replyLanguage'],
  title: 'features.replyLanguage',
  help: 'features.replyLanguageHelp',
  Form: ReplyLanguageForm,
  active: (draft) => !!draft.replyLanguage,
});
