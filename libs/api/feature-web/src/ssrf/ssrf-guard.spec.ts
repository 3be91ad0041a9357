import { forbiddenAddressReason, parseAllowList, SsrfError, SsrfGuard, type HostResolver } from './ssrf-guard';

/** Names as a test DNS would answer them; anything else is NXDOMAIN. */
const DNS: Record<string, Array<{ address: string; family: 4 | 6 }>> = {
  'example.com': [{ address: '93.184.215.14', family: 4 }],
  'v6.example.com': [{ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }],
  'internal.example.com': [{ address: '10.0.0.1', family: 4 }],
  'mixed.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '192.168.1.10', family: 4 },
  ],
  'metadata.example.com': [{ address: '169.254.169.254', family: 4 }],
  'v6-loopback.example.com': [{ address: '::1', family: 6 }],
  'mapped.example.com': [{ address: '::ffff:10.0.0.1', family: 6 }],
  'empty.example.com': [],
};
const resolver: HostResolver = async (hostname) => {
  const answer = DNS[hostname];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

describe('SsrfGuard', () => {
  const guard = new SsrfGuard({ resolver });

  it.each([
    ['loopback', 'http://127.0.0.1/'],
    ['loopback elsewhere in 127/8', 'http://127.10.20.30:8080/admin'],
    ['decimal loopback', 'http://2130706433/'],
    ['octal loopback', 'http://0177.0.0.1/'],
    ['hex loopback', 'http://0x7f.1/'],
    ['hex dotted loopback', 'http://0x7f.0x0.0x0.0x1/'],
    ['short loopback', 'http://127.1/'],
    ['unspecified IPv4', 'http://0.0.0.0/'],
    ['zero shorthand', 'http://0/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.16.5.4/'],
    ['private 172.31', 'http://172.31.255.255/'],
    ['private 192.168/16', 'http://192.168.0.1/'],
    ['metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['decimal metadata', 'http://2852039166/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['multicast', 'http://224.0.0.1/'],
    ['reserved 240/4', 'http://240.0.0.1/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique-local fc00', 'http://[fc00::1]/'],
    ['IPv6 unique-local fd', 'http://[fd12:3456::1]/'],
    ['IPv6 multicast', 'https://[ff02::1]/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped loopback in hex', 'http://[0:0:0:0:0:ffff:7f00:1]/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]/'],
    ['NAT64 of loopback', 'http://[64:ff9b::127.0.0.1]/'],
    ['NAT64 of private', 'http://[64:ff9b::a00:1]/'],
    ['local-use NAT64', 'http://[64:ff9b:1::808:808]/'],
    ['6to4 of private', 'http://[2002:c0a8:0101::1]/'],
    ['localhost', 'http://localhost:3000/'],
    ['LOCALHOST with trailing dot', 'http://LOCALHOST./'],
    ['a .localhost name', 'http://api.localhost/'],
    ['userinfo before loopback', 'http://evil.com@127.0.0.1/'],
    ['userinfo with password', 'http://user:pass@example.com/'],
    ['a name resolving to 10.0.0.1', 'http://internal.example.com/'],
    ['a trailing-dot name resolving to 10.0.0.1', 'http://internal.example.com./'],
    ['a name with one private address among public ones', 'https://mixed.example.com/'],
    ['a name resolving to the metadata address', 'http://metadata.example.com/'],
    ['a name resolving to ::1', 'http://v6-loopback.example.com/'],
    ['a name resolving to an IPv4-mapped private address', 'http://mapped.example.com/'],
    ['file scheme', 'file:///etc/passwd'],
    ['ftp scheme', 'ftp://example.com/file'],
    ['gopher scheme', 'gopher://127.0.0.1:6379/_INFO'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['data scheme', 'data:text/html,<h1>hi</h1>'],
    ['not a URL', 'not a url'],
    ['a name without addresses', 'http://empty.example.com/'],
    ['an unknown name', 'http://nowhere.invalid/'],
  ])('refuses %s (%s)', async (_label, url) => {
    await expect(guard.vet(url)).rejects.toBeInstanceOf(SsrfError);
  });

  it('says why in words the model and user can read', async () => {
    await expect(guard.vet('http://internal.example.com/')).rejects.toThrow('internal.example.com (10.0.0.1) is in a private range: internal addresses cannot be fetched');
    await expect(guard.vet('http://[::ffff:127.0.0.1]/')).rejects.toThrow('is an IPv4-mapped form of an address that is in a loopback range');
    await expect(guard.vet('gopher://127.0.0.1/')).rejects.toThrow('Only http and https URLs can be fetched, not gopher:');
  });

  it.each([
    ['a public name', 'https://example.com/page?q=1', '93.184.215.14'],
    ['a public name with a trailing dot', 'https://example.com./', '93.184.215.14'],
    ['a public IPv6 name', 'http://v6.example.com/', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    ['a public IPv4 literal', 'http://8.8.8.8/', '8.8.8.8'],
    ['a public IPv6 literal', 'http://[2606:4700:4700::1111]/', '2606:4700:4700::1111'],
    ['an IPv4-mapped public address', 'http://[::ffff:8.8.8.8]/', '::ffff:808:808'],
    ['a NAT64 public address', 'http://[64:ff9b::8.8.8.8]/', '64:ff9b::808:808'],
  ])('allows %s (%s) and pins the address it resolved to', async (_label, url, address) => {
    await expect(guard.vet(url)).resolves.toMatchObject({ address });
  });

  it('lets allow-listed hosts through, only on their port when one is given', async () => {
    const allowing = new SsrfGuard({ resolver, allowHosts: parseAllowList('127.0.0.1:4010, internal.example.com') });
    await expect(allowing.vet('http://127.0.0.1:4010/pages/a')).resolves.toMatchObject({ address: '127.0.0.1', hostname: '127.0.0.1' });
    await expect(allowing.vet('http://127.0.0.1:4011/')).rejects.toBeInstanceOf(SsrfError);
    await expect(allowing.vet('http://internal.example.com:8080/')).resolves.toMatchObject({ address: '10.0.0.1' });
    await expect(allowing.vet('http://10.0.0.1/')).rejects.toBeInstanceOf(SsrfError);
  });

  it('rejects a malformed allow-list entry naming the variable', () => {
    expect(() => parseAllowList('127.0.0.1:port')).toThrow('SSRF_ALLOW_HOSTS');
  });
});

describe('forbiddenAddressReason', () => {
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700::1', '::ffff:1.1.1.1', '2002:0808:0808::1'])('lets %s through', (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });
  it.each(['198.18.0.1', '192.0.2.1', '2001:db8::1', '2001::1', '100::1'])('refuses %s (documentation, benchmarking, teredo, discard)', (address) => {
    expect(forbiddenAddressReason(address)).not.toBeNull();
  });
});
