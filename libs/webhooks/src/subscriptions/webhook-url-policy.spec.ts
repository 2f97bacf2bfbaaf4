import { checkWebhookUrl, isRefusedAddress, WebhookUrlRefused } from './webhook-url-policy';

const strict = { allowHttp: false, allowPrivateNetworks: false };
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WebhookUrlRefused) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('webhook URL policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '8.8.8.8'])('allows %s', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });

  it('refuses a hostname that resolves to loopback, naming the address', async () => {
    expect(await reason(checkWebhookUrl('https://crm.example/hook', strict, resolvesTo('127.0.0.1')))).toMatch(
      /resolves to 127\.0\.0\.1/,
    );
  });

  it('refuses when any resolved address is private', async () => {
    expect(
      await reason(checkWebhookUrl('https://crm.example/hook', strict, resolvesTo('8.8.8.8', '10.0.0.5'))),
    ).toMatch(/10\.0\.0\.5/);
  });

  it('accepts a public https URL', async () => {
    expect(await reason(checkWebhookUrl('https://crm.example/hook', strict, resolvesTo('93.184.215.14')))).toBe(
      'accepted',
    );
  });

  it('refuses http unless allowed, and non-URLs always', async () => {
    expect(await reason(checkWebhookUrl('http://crm.example/hook', strict, resolvesTo('8.8.8.8')))).toBe(
      'url must use https',
    );
    expect(
      await reason(checkWebhookUrl('http://crm.example/hook', { ...strict, allowHttp: true }, resolvesTo('8.8.8.8'))),
    ).toBe('accepted');
    expect(await reason(checkWebhookUrl('not a url', strict))).toMatch(/absolute/);
    expect(await reason(checkWebhookUrl('ftp://crm.example/', strict))).toMatch(/absolute/);
  });

  it('lets private addresses through when private networks are allowed', async () => {
    expect(
      await reason(checkWebhookUrl('https://127.0.0.1:8443/hook', { allowHttp: false, allowPrivateNetworks: true })),
    ).toBe('accepted');
  });
});
