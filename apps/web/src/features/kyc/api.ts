import type { paths } from '@yinbao/sdk';
import { client, unwrap } from '../../api.ts';

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P] extends {
  [K in M]: { responses: { 200: { content: { 'application/json': infer R } } } };
}
  ? R
  : never;
export type KycStatus = Ok<'/v1/me/kyc', 'get'>;
export type WalletInfo = Ok<'/v1/wallets/{walletId}', 'get'>;
export type Limits = WalletInfo['limits'];
export type Card = Ok<'/v1/cards', 'get'>['items'][number];

/** The KYC screen's calls (typed client: bearer token, device id, Idempotency-Key per POST). */
export const kycApi = {
  status: (): Promise<KycStatus> => unwrap(client.GET('/v1/me/kyc')),
  wallet: (walletId: string): Promise<WalletInfo> =>
    unwrap(client.GET('/v1/wallets/{walletId}', { params: { path: { walletId } } })),
  cards: async (): Promise<Card[]> => (await unwrap(client.GET('/v1/cards'))).items,
  identity: (name: string, idNumber: string) =>
    unwrap(client.POST('/v1/me/kyc/identity', { body: { name, idNumber } })),
  bankCard: (cardId: string) => unwrap(client.POST('/v1/me/kyc/bank-card', { body: { cardId } })),
  faceCheck: (selfie: string) => unwrap(client.POST('/v1/me/kyc/face-check', { body: { selfie } })),
};
