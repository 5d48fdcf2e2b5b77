import { Card, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { slug } from '../shared/format';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { ModelChoiceFields } from './ModelChoiceFields';
import { useAppTemplates, useCreateApp, useCreateFromTemplate } from './queries';

interface Values {
  template: string;
  name: string;
  id: string;
  model?: { providerId?: string; modelName?: string };
}

/** A new app: blank, or from a template of the app square (created by the API with its knowledge and workflows). */
export function CreateAppDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateApp();
  const fromTemplate = useCreateFromTemplate();
  const templates = useAppTemplates();
  const chosen = Form.useWatch('template', form);
  const template = (templates.data ?? []).find((tpl) => tpl.key === chosen);
  const { submit, busy, formError } = useApiForm(form, async (values: Values) => {
    if (values.template === 'blank') {
      await create.mutateAsync({ id: values.id, config: { name: values.name } });
    } else {
      const model = values.model?.providerId ? { providerId: values.model.providerId, modelName: values.model.modelName } : undefined;
      // Unpublished, like a blank app: the admin looks at the draft and publishes it from the editor.
      await fromTemplate.mutateAsync({ template: values.template, id: values.id, name: values.name, model, publish: false });
    }
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
      width={680}
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
            const picked = (templates.data ?? []).find((tpl) => tpl.key === changed.template);
            if (picked) form.setFieldValue('name', picked.name);
          }
          if (('name' in changed || 'template' in changed) && !form.isFieldTouched('id')) form.setFieldValue('id', slug(form.getFieldValue('name') ?? all.name ?? ''));
        }}
      >
        <Form.Item name="template" label={t('apps.startFrom')}>
          <Radio.Group style={{ width: '100%' }}>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 8 }}>
              <TemplateCard value="blank" icon="📄" title={t('apps.blank')} description={t('apps.blankDescription')} />
              {(templates.data ?? []).map((tpl) => (
                <TemplateCard key={tpl.key} value={tpl.key!} icon={tpl.icon ?? ''} title={tpl.name!} description={tpl.description ?? ''} />
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
        {template?.needsModel && (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('apps.templateNeedsModel')}
            </Typography.Paragraph>
            <ModelChoiceFields required />
          </>
        )}
        {template?.usage ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
            {template.usage}
          </Typography.Paragraph>
        ) : null}
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
