// The language picker (English / 简体中文): a labelled <select> for a page's header. The
// choice is saved (localStorage) and applied in place: nothing reloads. Chinese is fetched
// the first time it is picked (i18n.ts), so that switch can take a moment.

import { h, uid } from '../core/dom';
import { L, lang, LANGS, onLang, setLang, type Lang } from './i18n';

export function languagePicker(): HTMLElement {
  const select = h('select', { id: uid('lang'), class: 'site-lang-select' });
  select.append(...LANGS.map((l) => h('option', { value: l, lang: l }, L(`lang.${l}`))));
  select.value = lang();
  // Once settled, the picker shows the language in effect (English still, if the fetch failed).
  select.addEventListener('change', () => void setLang(select.value as Lang, true).then((l) => (select.value = l)));
  onLang((l) => {
    if (select.value !== l) select.value = l;
  });
  return h('span', { class: 'site-lang' }, h('label', { for: select.id }, L('lang.label')), ' ', select);
}
