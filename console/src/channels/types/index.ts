import type { ChannelType } from './channelType';

const modules = import.meta.glob<{ default: ChannelType }>('./*.channel.ts', { eager: true });

export const CHANNEL_TYPES: ChannelType[] = Object.values(modules)
  .map((module) => module.default)
  .sort((a, b) => a.order - b.order);

export function channelType(type: string): ChannelType | undefined {
  return CHANNEL_TYPES.find((candidate) => candidate.type === type);
}
