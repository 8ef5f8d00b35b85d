// Chinese (简体中文): the texts of i18n-en-help.ts. Part of the Chinese catalogue (i18n-zh.ts),
// fetched with it; types only come from the English.

import type { EN_HELP } from './i18n-en-help';

export const ZH_HELP: Record<keyof typeof EN_HELP, string> = {
  'help.k0': '播放或暂停时钟',
  'help.k1': '后退 / 前进一个事件',
  'help.k2': '后退 / 前进十个事件',
  'help.k3': '打开或关闭手动网络',
  'help.k4': '选择下一条 / 上一条传输中的消息',
  'help.k5': '投递选中的消息',
  'help.k6': '丢弃选中的消息',
  'help.k7': '复制选中的消息',
  'help.k8': '取消选择消息，关闭菜单或本帮助',
  'help.k9': '切换到上一个分支',
  'help.k10': '查看下一个节点',
  'help.k11': '打开或关闭屏幕阅读器播报',
  'help.k12': '本帮助',
  'help.k13': '依次经过每个控件；在节点上按 Enter 或空格打开它的菜单',
  'help.k14': '在各行之间移动；Enter 回到那一刻',
  'help.kLog': '日志中的 ↑ / ↓',
  'help.note': '除了在输入框中打字时，快捷键在演练场的任何地方都有效。在手动网络中，点击岛上的消息，或使用“传输中”列表。',
};
