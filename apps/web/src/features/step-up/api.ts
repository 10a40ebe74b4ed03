import { client, unwrap } from '../../api.ts';

export const stepUpApi = {
  /** Texts a one-time code for this challenge to the customer's own phone (when the challenge offers SMS). */
  sendSms: (challengeId: string): Promise<{ sentTo: string; resendAfterSeconds: number }> =>
    unwrap(client.POST('/v1/me/challenges/{challengeId}/sms', { params: { path: { challengeId } } })),
};
