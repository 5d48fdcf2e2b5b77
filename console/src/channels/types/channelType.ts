/**
 * The form of one channel type. Each `*.channel.ts` file in this folder default-exports one; the
 * channels tab offers every type it finds. Field names are the binding's `settings` keys.
 */
export interface ChannelField {
  name: string;
  /** i18n keys. */
  label: string;
  help?: string;
  required?: boolean;
  /** Sealed at rest and read back as "********": an empty field on edit keeps the stored value. */
  secret?: boolean;
  kind?: 'text' | 'textarea' | 'select' | 'number';
  options?: { value: string; label: string }[];
  initial?: string | number;
}

export interface ChannelType {
  type: string;
  order: number;
  title: string;
  help: string;
  fields: ChannelField[];
}
