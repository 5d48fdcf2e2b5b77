import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Modal, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { ModelChoiceFields } from './ModelChoiceFields';
import { useImportApp, type AppImportResult } from './queries';

interface Values {
  id: string;
  yaml: string;
  publish?: boolean;
  model?: { providerId?: string; modelName?: string };
}

/** Imports an exported app file or a Dify app DSL as a new app; shows what needs attention afterwards. */
export function ImportAppDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const importApp = useImportApp();
  const [result, setResult] = useState<AppImportResult | null>(null);
  const { submit, busy, formError } = useApiForm(form, async (values: Values) => {
    const model = values.model?.providerId ? { providerId: values.model.providerId, modelName: values.model.modelName || undefined } : undefined;
    const imported = await importApp.mutateAsync({ id: values.id, yaml: values.yaml, publish: !!values.publish, model });
    form.resetFields();
    if ((imported.notes ?? []).length > 0) setResult(imported);
    else onImported(values.id);
  });
  const close = () => {
    setResult(null);
    onClose();
  };
  return (
    <Modal
      title={t('apps.import')}
      open={open}
      onCancel={close}
      onOk={() => (result ? onImported(result.app!.id!) : form.submit())}
      okText={result ? t('apps.openImported') : t('apps.import')}
      confirmLoading={busy}
      width={680}
      destroyOnHidden
    >
      {result ? (
        <Alert type="info" showIcon message={t('apps.importNotes')} description={<ul>{(result.notes ?? []).map((note) => <li key={note}>{note}</li>)}</ul>} />
      ) : (
        <>
          <FormError message={formError} />
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item label={t('apps.importFile')} extra={t('apps.importHelp')}>
              <Upload
                accept=".yaml,.yml,.txt"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(file) => {
                  void file.text().then((text) => form.setFieldValue('yaml', text));
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{t('apps.chooseFile')}</Button>
              </Upload>
            </Form.Item>
            <Form.Item name="yaml" label="YAML" rules={[{ required: true }]}>
              <Input.TextArea rows={8} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            </Form.Item>
            <Form.Item
              name="id"
              label={t('apps.id')}
              extra={t('apps.idHelp')}
              rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('apps.idHelp') }]}
            >
              <Input />
            </Form.Item>
            <ModelChoiceFields required={false} />
            <Form.Item name="publish" valuePropName="checked">
              <Checkbox>{t('apps.publishAfterImport')}</Checkbox>
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
