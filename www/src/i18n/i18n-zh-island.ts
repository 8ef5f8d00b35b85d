// Chinese (简体中文): the texts of i18n-en-island.ts. Part of the Chinese catalogue (i18n-zh.ts),
// fetched with it; types only come from the English.

import type { EN_ISLAND } from './i18n-en-island';

export const ZH_ISLAND: Record<keyof typeof EN_ISLAND, string> = {
  'is.aria': '岛屿：节点以及它们之间的消息',
  'is.linkTitle': '链路 {a}–{b}：点击可切断、修复或减慢它',
  'fl.copy': '副本 · ',
  'is.cutLinks': '已切断：{links}',
  'is.envTitle': '{msg}，{from} → {to}：点击可投递、丢弃或复制',
  'is.split': '网络分割：{groups}',
  'pg.cut': '已切断',
  'tb.branch': '分支',
  'tb.switch': '切换',
  'tb.timeline': '时间线',
  'tb.thisOne': '{branch} — 当前',
  'tb.where': '{position} · 第 {step} 步',
  'hist.branch': '分支 {branch}，共 {count} 个',
  'hist.forked': '{of}，在第 {at} 个事件处从分支 {parent} 分出',
  'hist.option': '分支 {branch}（{n} 个事件）',
  'hist.optionFrom': '分支 {branch}（{n} 个事件，从分支 {parent} 第 {at} 个事件分出）',
  'hist.position': '第 {position} 个事件，共 {length} 个',
  'f.comma': '，',
  'in.title': '节点查看器',
  'dg.title': '时空图',
};
