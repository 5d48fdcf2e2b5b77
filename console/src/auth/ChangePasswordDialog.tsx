import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { session, signIn } from '../api/session';
import { useApiForm } from '../shared/useApiForm';
import { FormError } from '../shared/FormError';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, busy, formError } = useApiForm(form, async ({ currentPassword, newPassword }: Values) => {
    // The change ends every session of this admin; the answer carries the new one.
    const renewed = await call(api.POST('/admin/v1/auth/password', { body: { currentPassword, newPassword } }));
    const current = session();
    if (current) signIn({ ...renewed, username: current.username });
    message.success(t('auth.passwordChanged'));
    form.resetFields();
    onClose();
  });
  return (
    <Modal
      title={t('auth.changePassword')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          extra={t('auth.passwordRule')}
          rules={[{ required: true }, { min: 12, message: t('auth.passwordRule') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
