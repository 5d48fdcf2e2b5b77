import { App as AntApp, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { usePublish } from './queries';

export function PublishDialog({ appId, open, onClose }: { appId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const publish = usePublish(appId);
  const [form] = Form.useForm<{ note: string }>();
  const { submit, busy, formError } = useApiForm(form, async ({ note }: { note: string }) => {
    const version = await publish.mutateAsync(note?.trim() ?? '');
    message.success(t('editor.published', { version: version.version }));
    form.resetFields();
    onClose();
  });
  return (
    <Modal title={t('editor.publishTitle')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('editor.publish')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('editor.publishHelp')}</Typography.Paragraph>
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="note" label={t('editor.publishNote')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
