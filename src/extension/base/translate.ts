/** Localisation seam for runtime-free modules: they take a {@link Translate} that is `vscode.l10n.t` in VS Code. */

/** The shape of `vscode.l10n.t` for plain messages with `{0}` placeholders. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}`… like `vscode.l10n.t` does; the default when no translation is injected. */
export const formatTemplate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const i = Number(index);
    return i < args.length ? String(args[i]) : whole;
  });
