import type { ChannelType } from './channelType';

export default {
  type: 'wecom',
  order: 20,
  title: 'channels.wecom.title',
  help: 'channels.wecom.help',
  fields: [
    { name: 'corpId', label: 'channels.wecom.corpId', help: 'channels.wecom.corpIdHelp', required: true },
    { name: 'agentId', label: 'channels.wecom.agentId', required: true, kind: 'number' },
    { name: 'secret', label: 'channels.wecom.secret', required: true, secret: true },
    { name: 'token', label: 'channels.wechat.token', help: 'channels.wecom.tokenHelp', required: true, secret: true },
    { name: 'encodingAesKey', label: 'channels.wechat.aesKey', required: true, secret: true },
  ],
} satisfies ChannelType;
