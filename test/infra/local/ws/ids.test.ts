import { describe, expect, it } from 'vitest';
import { apiGatewayId, isApiGatewayId } from '../../../../infra/local/ws/ids';

describe('API Gateway ids', () => {
  it('makes ids of the real shape: 16 characters of base64 ending in one =', () => {
    for (let i = 0; i < 100; i++) expect(isApiGatewayId(apiGatewayId())).toBe(true);
  });

  it('takes real ids as well-formed and anything else as malformed', () => {
    for (const id of [
      'L0SM9cOFvHcCIhw=',
      'R0oXAdfD0kwCH6w=',
      'YkOibd6goAMCLjg=',
      'healthProbe0000=',
      'ab+/0000000000A=',
    ]) {
      expect(isApiGatewayId(id), id).toBe(true);
    }
    for (const id of [
      '',
      'not-a-connection',
      'cjy8i76bx002884le6n17d49b',
      'L0SM9cOFvHcCIhw',
      'L0SM9cOFvHcCIh==',
      'L0SM9cOFvHcCIhwA=',
      'L0SM9cOF-HcCIhw=',
    ]) {
      expect(isApiGatewayId(id), id).toBe(false);
    }
  });
});
