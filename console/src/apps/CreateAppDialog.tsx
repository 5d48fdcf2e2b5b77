import { Card, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { slug } from '../shared/format';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { useCreateApp } from './queries';
import { TEMPLATES } from './templates';

interface Values {
  template: string;
  name: string;
  id: string;
}

export function CreateAppDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateApp();
  const { submit, busy, formError } = useApiForm(form, async (values: Values) => {
    const template = TEMPLATES.find((tpl) => tpl.key === values.template);
    // A template's icon and description come along; the admin edits them in the editor afterwards.
    const config = template
      ? {
          ...template.config(t as (key: string) => string),
          name: values.name,
          icon: template.icon,
          description: t(`templates.${template.key}.description` as 'templates.assistant.description'),
        }
      : { name: values.name };
    await create.mutateAsync({ id: values.id, config });
    form.resetFields();
    onCreated(values.id);
  }, ['config']);
  return (
    <Modal
      title={t('apps.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <FormError message={formError} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ template: 'blank' }}
        onFinish={submit}
        onValuesChange={(changed, all) => {
          if ('template' in changed && changed.template !== 'blank' && !form.isFieldTouched('name')) {
            const template = TEMPLATES.find((tpl) => tpl.key === changed.template);
            if (template) form.setFieldValue('name', t(`templates.${template.key}.name` as 'templates.assistant.name'));
          }
          if (('name' in changed || 'template' in changed) && !form.isFieldTouched('id')) form.setFieldValue('id', slug(form.getFieldValue('name') ?? all.name ?? ''));
        }}
      >
        <Form.Item name="template" label={t('apps.startFrom')}>
          <Radio.Group style={{ width: '100%' }}>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 8 }}>
              <TemplateCard value="blank" icon="📄" title={t('apps.blank')} description={t('apps.blankDescription')} />
              {TEMPLATES.map((tpl) => (
                <TemplateCard
                  key={tpl.key}
                  value={tpl.key}
                  icon={tpl.icon}
                  title={t(`templates.${tpl.key}.name` as 'templates.assistant.name')}
                  description={t(`templates.${tpl.key}.description` as 'templates.assistant.description')}
                />
              ))}
            </div>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="name" label={t('apps.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="id"
          label={t('apps.id')}
          extra={t('apps.idHelp')}
          rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('apps.idHelp') }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TemplateCard({ value, icon, title, description }: { value: string; icon: string; title: string; description: string }) {
  return (
    <Card size="small" styles={{ body: { padding: 10 } }}>
      <Radio value={value} aria-label={title}>
        <span aria-hidden style={{ marginRight: 6 }}>
          {icon}
        </span>
        <Typography.Text strong>{title}</Typography.Text>
      </Radio>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} ellipsis={{ rows: 2 }}>
        {description}
      </Typography.Paragraph>
    </Card>
  );
}
