/**
 * The page's URL fragment: `#token=T` opens the cashier, `#/customer&token=T` the customer display,
 * `#/kiosk&token=T` the self-service kiosk (the host prints each). A fragment never reaches a server in a request line (RFC 3986 section 3.5). The route
 * is the first `&`-separated part when it starts with `/`; the rest is read as form parameters.
 */
export type Route = 'cashier' | 'customer' | 'kiosk';

export interface Fragment {
  readonly route: Route;
  readonly token: string | null;
  /** the fragment without the token, to put back in the address bar (keeps the route for a reload) */
  readonly withoutToken: string;
}

export function readFragment(hash: string): Fragment {
  const parts = hash.replace(/^#/, '').split('&');
  const path = parts[0]?.startsWith('/') ? (parts.shift() ?? '') : '';
  const params = new URLSearchParams(parts.join('&'));
  const token = params.get('token');
  params.delete('token');
  const rest = [path, params.toString()].filter(Boolean).join('&');
  return {
    route: path === '/customer' ? 'customer' : path === '/kiosk' ? 'kiosk' : 'cashier',
    token: token === '' ? null : token,
    withoutToken: rest ? `#${rest}` : '',
  };
}
