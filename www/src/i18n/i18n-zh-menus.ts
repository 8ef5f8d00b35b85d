// Chinese (简体中文): the texts of i18n-en-menus.ts. Part of the Chinese catalogue (i18n-zh.ts),
// fetched with it; types only come from the English.

import type { EN_MENUS } from './i18n-en-menus';

export const ZH_MENUS: Record<keyof typeof EN_MENUS, string> = {
  'pg.nodeTitleUp': '{node} 正在运行',
  'pg.nodeTitleDown': '{node} 已宕机',
  'pg.crash': '让 {node} 崩溃',
  'pg.proposeFrom': '从 {node} 提出…',
  'pg.inspect': '查看 {node}',
  'pg.heal': '恢复网络',
  'pg.cutOff': '把 {node} 与其他节点隔开',
  'pg.lands': '{time} 到达',
  'pg.msgDetail': '{from} → {to}，{when}',
  'pg.msgFrom': '从 {from} 发往 {to} 的消息',
  'pg.slower': '消息多花 {n} 毫秒',
  'pg.working': '正常工作',
  'pg.link': '链路 {a}–{b}',
  'pg.linkActions': '链路 {a}–{b} 的操作',
  'pg.cutLink': '切断链路 {a}–{b}',
  'pg.mendLink': '修复链路 {a}–{b}',
  'pg.nodeActions': '{node} 的操作',
  'pg.setExtra': '设置额外延迟',
  'pg.sep': '；',
};
