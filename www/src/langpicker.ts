// The language picker (English / 简体中文): a labelled <select> for a page's header. The
// choice is saved (localStorage) and applied at once, in place: nothing reloads.

import { h, uid } from './dom';
import { L, lang, LANGS, onLang, setLang, type Lang } from './i18n';

export function languagePicker(): HTMLElement {
  const select = h('select', { id: uid('lang'), class: 'site-lang-select' });
  select.append(...LANGS.map((l) => h('option', { value: l, lang: l }, L(`lang.${l}`))));
  select.value = lang();
  select.addEventListener('change', () => setLang(select.value as Lang, true));
  onLang((l) => {
    if (select.value !== l) select.value = l;
  });
  return h('span', { class: 'site-lang' }, h('label', { for: select.id }, L('lang.label')), ' ', select);
}
