// Chinese (简体中文): i18n.ts's own texts, those every page shows at first. Part of the Chinese catalogue (i18n-zh.ts),
// fetched with it; types only come from the English.

import type { CoreKey } from './i18n';

export const ZH_CORE: Record<CoreKey, string> = {
  'lang.label': '语言',
  'lang.en': 'English',
  'lang.zh': '简体中文',

  'unit.ms': '{n} 毫秒',

  'logview.title': '发生了什么',
  'pg.violated': '安全性被破坏',
  'lazy.failed': '页面的这一部分没能加载。请检查网络连接后再试一次。',
  'pg.restart': '重启 {node}',
  'mres.error': '错误：{error}',
  'mlog.restart': '{node} 重启了',
  'm.export': '导出轨迹',
  'm.clock': '虚拟时间',
  'm.speed': '速度',
  'm.waiting': '等待中',
  'm.heal': '恢复',
  'm.network': '网络',
  'err.worker': '模拟器的 worker 启动失败',
  'err.closed': '演练场已关闭',
  'err.crashed': '模拟器处理这个请求时出错，已重新启动；这个请求没有执行',
};
