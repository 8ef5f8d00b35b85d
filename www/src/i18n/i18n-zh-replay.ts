// Chinese (简体中文): the texts of i18n-en-replay.ts. Part of the Chinese catalogue (i18n-zh.ts),
// fetched with it; types only come from the English.

import type { EN_REPLAY } from './i18n-en-replay';

export const ZH_REPLAY: Record<keyof typeof EN_REPLAY, string> = {
  'rp.recovering': '模拟器出错了（程序缺陷或内存不足），一个新的模拟器正在重放你的会话：{done} / {total} 个请求。',
  'rp.recovered': '模拟器出错了（程序缺陷或内存不足），一个新的模拟器接替了它，你的会话原样恢复。出错的那个请求没有执行；时钟已暂停。',
  'rp.recoveredShort': '模拟器出错了（程序缺陷或内存不足），一个新的模拟器接替了它。会话的重放在 {total} 个请求中的第 {done} 个之后停止：岛屿停在那一刻，时钟已暂停。',
  'rp.restarted': '模拟器出错了（程序缺陷或内存不足），一个新的模拟器接替了它。',
  'rp.opening': '正在打开链接：已重放 {done} / {total} 个请求。',
  'rp.linkStopped': '打开链接在它的 {total} 个请求中的第 {done} 个之后停止：{position}，第 {step} 步，{time}。时钟已暂停；播放或单步以继续。',
  'rp.stop': '停在这里',
  'rp.stopTitle': '让重放停在当前进度：岛屿停在那一刻，并且可以继续使用',
  'rp.progress': '已重放',
  'rp.backBefore': '演练场回到了之前显示的状态',
  'rp.backDefault': '演练场加载了默认场景',
};
