/* eslint-disable no-script-url -- the point of these tests is script URLs */
import { isSafeLinkUrl } from './links';

describe('isSafeLinkUrl', () => {
  it.each([
    'https://grafana.example.com/d/x?var-ns=sandbox-a',
    'http://localhost:3000/logs',
    'HTTPS://EXAMPLE.COM',
    '/sandboxes/demo',
    '/',
  ])('lets %s through', url => {
    expect(isSafeLinkUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:x',
    'file:///etc/passwd',
    '//evil.example.com/x',
    '/\\evil.example.com',
    'ftp://example.com',
    'not a url',
    '',
  ])('refuses %j', url => {
    expect(isSafeLinkUrl(url)).toBe(false);
  });
});
