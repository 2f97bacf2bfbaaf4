/**
 * Which URLs a subscription may name. At creation the host is resolved and every address it
 * resolves to is checked, so a hostname pointing at 127.0.0.1 is refused like the literal; the
 * sender checks again on every connection (request-filtering-agent on the socket), because DNS may
 * change between the two.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface WebhookUrlPolicyOptions {
  /** http:// allowed (WEBHOOK_ALLOW_HTTP); https only otherwise. */
  allowHttp: boolean;
  /** Private, loopback, link-local, CGNAT and metadata addresses allowed (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
}

/** Addresses no webhook may reach from a public deployment. */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local, includes fd00:ec2::254 (AWS metadata over IPv6)
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96], // NAT64 can reach any IPv4 address
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv6');

export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return REFUSED.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return REFUSED.check(mapped[1], 'ipv4');
  return REFUSED.check(address, 'ipv6');
}

export class WebhookUrlRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WebhookUrlRefused';
  }
}

export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Throws WebhookUrlRefused naming the reason; resolves when the URL may be subscribed. */
export async function checkWebhookUrl(
  raw: string,
  options: WebhookUrlPolicyOptions,
  resolve: Resolver = systemResolver,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlRefused('url must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebhookUrlRefused('url must be an absolute http(s) URL');
  if (url.protocol === 'http:' && !options.allowHttp) throw new WebhookUrlRefused('url must use https');
  if (url.username !== '' || url.password !== '') throw new WebhookUrlRefused('url must not carry credentials');
  if (url.hash !== '') throw new WebhookUrlRefused('url must not have a fragment');
  if (options.allowPrivateNetworks) return url;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new WebhookUrlRefused(`url's host ${host} does not resolve`);
    }
    if (addresses.length === 0) throw new WebhookUrlRefused(`url's host ${host} does not resolve`);
  }
  const refused = addresses.find(isRefusedAddress);
  if (refused !== undefined)
    throw new WebhookUrlRefused(
      `url resolves to ${refused}, a loopback, private, link-local, CGNAT or metadata address`,
    );
  return url;
}
