import { describe, expect, it } from 'vitest';
import { MCC_TABLE as SERVER } from '../../../server/src/modules/merchants/mcc.ts';
import { MCC_TABLE } from './mcc.ts';

describe('merchant categories', () => {
  it('offers exactly the categories the server accepts, with the same names', () => {
    expect(MCC_TABLE).toEqual(SERVER);
  });
});
