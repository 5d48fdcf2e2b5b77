import { Button, Form, Input, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { placeholders } from './draftForm';

/** Default values of the prompt's variables; offers rows for placeholders the table lacks. */
export function VariablesTable() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const prompt: string = Form.useWatch('systemPrompt', form) ?? '';
  const rows: { name: string; value: string }[] = Form.useWatch('variables', form) ?? [];
  const missing = placeholders(prompt).filter((name) => !rows.some((row) => row?.name === name));
  return (
    <div>
      <Typography.Text strong>{t('editor.variables')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('editor.variablesHelp')}
      </Typography.Paragraph>
      <Form.List name="variables">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" style={{ display: 'flex' }}>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, message: t('editor.variableName') }, { pattern: /^[A-Za-z_][A-Za-z0-9_.-]*$/, message: t('editor.variableNameRule') }]}
                  style={{ marginBottom: 8 }}
                >
                  <Input placeholder={t('editor.variableName')} aria-label={t('editor.variableName')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} style={{ marginBottom: 8, flex: 1 }}>
                  <Input placeholder={t('editor.variableValue')} aria-label={t('editor.variableValue')} style={{ width: 260 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Space wrap>
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
                {t('editor.addVariable')}
              </Button>
              {missing.map((name) => (
                <Button key={name} size="small" color="orange" variant="outlined" onClick={() => add({ name, value: '' })}>
                  + {name}
                </Button>
              ))}
            </Space>
          </>
        )}
      </Form.List>
    </div>
  );
}
