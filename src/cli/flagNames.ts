/**
 * Core names settings the way profiles store them ("lifetimeSeconds: must be 1..300"); a CLI user knows them as
 * flags ("--lifetime"). This rewords core's messages for the terminal.
 */

/** Profile field names as the CLI user knows them. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  clientId: '--client-id',
  tokenUrl: '--token-url',
  issuer: '--issuer',
  scope: '--scope',
  audience: '--audience',
  expUnit: '--exp-unit',
  lifetimeSeconds: '--lifetime',
  alg: '--alg',
  kid: '--kid',
  proxy: '--proxy',
  sendClientId: '--send-client-id',
  extraParams: '--param',
  clockSkewSeconds: '--clock-skew',
  tenant: '--tenant',
  host: '--token-url',
  'tokenUrl or issuer': '--token-url or --issuer',
};

/** Core's profile problems ("lifetimeSeconds: must be 1..300") reworded with flag names ("--lifetime: ..."). */
export function problemsAsFlags(message: string): string {
  return message.replace(/(^|; )([A-Za-z]+(?: or [A-Za-z]+)?):/g, (whole, lead: string, field: string) => {
    const flag = FLAG_OF_FIELD[field];
    return flag ? `${lead}${flag}:` : whole;
  });
}
