// The Chinese texts are a chunk of their own (i18n-zh.ts), fetched the first time the page
// turns Chinese: before that English is all there is, a switch to Chinese happens once the
// chunk is here (a later choice wins over a slow fetch), and back to English is immediate.
// A file of its own: its module state starts with nothing fetched.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, exerciseZh, hasLang, lang, scenarioText, setLang, t } from '../src/i18n/i18n';
import { EXERCISES_ZH, SCENARIOS_ZH, zh } from '../src/i18n/i18n-zh';

describe('the Chinese chunk, fetched on first use', () => {
  it('English is always here; Chinese is not until asked for', () => {
    expect(hasLang('en')).toBe(true);
    expect(hasLang('zh')).toBe(false);
    // Asked for in Chinese before the fetch: the English text, never a key.
    expect(t('lang.label', {}, 'zh')).toBe('Language');
  });

  it('a later choice wins over a slow fetch', async () => {
    const toZh = setLang('zh');
    expect(lang()).toBe('en'); // not before the texts are here
    void setLang('en');
    expect(await toZh).toBe('en');
    expect(lang()).toBe('en');
    expect(hasLang('zh')).toBe(true);
  });

  it('switches once fetched, and at once from then on, both ways', async () => {
    expect(await setLang('zh')).toBe('zh');
    expect(CATALOGUES.zh).toBe(zh);
    expect(t('page.title')).toBe(zh['page.title']);
    expect(scenarioText('island-race', { title: 'x', description: 'y' })).toBe(SCENARIOS_ZH['island-race']);
    expect(exerciseZh('amnesia')).toBe(EXERCISES_ZH['amnesia']);
    void setLang('en');
    expect(lang()).toBe('en');
    expect(exerciseZh('amnesia')).toBeUndefined();
    void setLang('zh');
    expect(lang()).toBe('zh');
    void setLang('en');
  });
});
