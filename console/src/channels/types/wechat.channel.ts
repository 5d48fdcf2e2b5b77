import type { ChannelType } from './channelType';

export default {
  type: 'wechat-mp',
  order: 10,
  title: 'channels.wechat.title',
  help: 'channels.wechat.help',
  fields: [
    { name: 'appId', label: 'channels.wechat.appId', help: 'channels.wechat.appIdHelp', required: true },
    { name: 'appSecret', label: 'channels.wechat.appSecret', required: true, secret: true },
    { name: 'token', label: 'channels.wechat.token', help: 'channels.wechat.tokenHelp', required: true, secret: true },
    { name: 'encodingAesKey', label: 'channels.wechat.aesKey', help: 'channels.wechat.aesKeyHelp', secret: true },
    {
      name: 'mode',
      label: 'channels.wechat.mode',
      kind: 'select',
      initial: 'plaintext',
      options: [
        { value: 'plaintext', label: 'channels.wechat.plaintext' },
        { value: 'compatible', label: 'channels.wechat.compatible' },
        { value: 'safe', label: 'channels.wechat.safe' },
      ],
    },
    {
      name: 'accountType',
      label: 'channels.wechat.accountType',
      help: 'channels.wechat.accountTypeHelp',
      kind: 'select',
      initial: 'service',
      options: [
        { value: 'service', label: 'channels.wechat.service' },
        { value: 'subscription', label: 'channels.wechat.subscription' },
      ],
    },
    { name: 'unsupportedReply', label: 'channels.wechat.unsupportedReply', kind: 'textarea' },
    { name: 'pendingNotice', label: 'channels.wechat.pendingNotice', help: 'channels.wechat.pendingNoticeHelp', kind: 'textarea' },
  ],
} satisfies ChannelType;
