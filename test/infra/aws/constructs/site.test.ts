import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { describe, expect, it } from 'vitest';
import { Site } from '../../../../infra/aws/constructs/site';
import { contentSecurityPolicy, securityHeaderValues, siteHeaders } from '../../../../infra/site-headers';
import { only } from '../../../lists';

const endpoints = { httpApiUrl: 'https://api.example', webSocketUrl: 'wss://ws.example/live' };

/** A web/dist stand-in: deploy() refuses a page that was never built. */
function builtPage(): string {
  const dist = mkdtempSync(join(tmpdir(), 'chatty-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>t</title>');
  return dist;
}

describe('Site', () => {
  it('refuses to deploy a page that was never built, and says how to build it', () => {
    const site = new Site(new Stack(new App(), 'S'), 'Site', {
      assetDir: join(tmpdir(), 'chatty-no-such-dist'),
    });
    expect(() => site.deploy(endpoints)).toThrow(/index\.html is missing\. Run `npm run build:web`/);
  });

  it('deploys a built page together with config.json', () => {
    const stack = new Stack(new App(), 'S');
    new Site(stack, 'Site', { assetDir: builtPage() }).deploy(endpoints);
    const deployments = Template.fromStack(stack).findResources('Custom::CDKBucketDeployment');
    const deployment = only(
      Object.values(deployments) as { Properties: { SourceObjectKeys: string[] } }[],
      'bucket deployment',
    );
    // One asset for web/dist, one for the generated config.json.
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
  });

  it('adds the security headers to every response: a policy on the default (only) behaviour', () => {
    const stack = new Stack(new App(), 'S');
    new Site(stack, 'Site', { assetDir: builtPage() }).deploy(endpoints);
    const template = Template.fromStack(stack);
    const [policyId, policy] = only(
      Object.entries(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')),
      'response headers policy',
    );
    const distribution = only(
      Object.values(template.findResources('AWS::CloudFront::Distribution')),
      'distribution',
    );
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(config.CacheBehaviors).toBeUndefined();

    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // The WebSocket API exactly; the HTTP API by its region's API Gateway hosts (see apiConnectSources).
    expect(flattenCfnReference(headers.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(
      contentSecurityPolicy(['https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>', 'wss://ws.example']),
    );
    const local = siteHeaders(endpoints);
    expect(headers).toEqual({
      ContentSecurityPolicy: expect.objectContaining({ Override: true }),
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: local['x-frame-options'], Override: true },
      ReferrerPolicy: { ReferrerPolicy: local['referrer-policy'], Override: true },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: securityHeaderValues.strictTransportSecurity.maxAgeSeconds,
        IncludeSubdomains: false,
        Override: true,
      },
    });
    expect(local['x-content-type-options']).toBe('nosniff');
    expect(securityHeaderValues.strictTransportSecurity.maxAgeSeconds).toBeGreaterThanOrEqual(
      365 * 24 * 3600,
    );
  });

  it('requires TLS 1.2 from viewers when given a custom domain and certificate', () => {
    const stack = new Stack(new App(), 'S', { env: { region: 'us-east-1' } });
    const certificate = Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
    );
    new Site(stack, 'Site', {
      assetDir: 'unused',
      customDomain: { domainName: 'chat.example.com', certificate },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['chat.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
  });
});
