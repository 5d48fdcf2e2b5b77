import { Alert } from 'antd';

/** An error that belongs to the whole form (the API's message named no field of it). */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return <Alert type="error" showIcon title={message} style={{ marginBottom: 16 }} role="alert" />;
}
