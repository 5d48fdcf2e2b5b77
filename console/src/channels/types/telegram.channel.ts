import type { ChannelType } from './channelType';

export default {
  type: 'telegram',
  order: 30,
  title: 'channels.telegram.title',
  help: 'channels.telegram.help',
  fields: [
    { name: 'botToken', label: 'channels.telegram.botToken', help: 'channels.telegram.botTokenHelp', required: true, secret: true },
    {
      name: 'mode',
      label: 'channels.telegram.mode',
      help: 'channels.telegram.modeHelp',
      kind: 'select',
      initial: 'webhook',
      options: [
        { value: 'webhook', label: 'channels.telegram.webhook' },
        { value: 'polling', label: 'channels.telegram.polling' },
      ],
    },
    {
      name: 'groupMode',
      label: 'channels.telegram.groupMode',
      kind: 'select',
      initial: 'mention',
      options: [
        { value: 'mention', label: 'channels.telegram.mention' },
        { value: 'reply', label: 'channels.telegram.reply' },
        { value: 'all', label: 'channels.telegram.all' },
      ],
    },
    { name: 'photoReply', label: 'channels.telegram.photoReply', kind: 'textarea' },
    { name: 'voiceReply', label: 'channels.telegram.voiceReply', kind: 'textarea' },
  ],
} satisfies ChannelType;
