// The styles of the playground's dialogs (dialog.css), for the parts that open one.

import css from './dialog.css?inline';

export const DIALOG_CSS: string = css;
