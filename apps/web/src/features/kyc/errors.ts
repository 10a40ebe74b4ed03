import type { Messages } from '../../errors.ts';

/** Plain words for the API error codes this feature's screens can meet (both languages). */
export const errors: Record<string, Messages> = {
  INVALID_ID_NUMBER: {
    'zh-CN': '身份证号无效，请核对 18 位号码后重试。',
    en: 'This is not a valid resident ID number. Check the 18 characters and try again.',
  },
  ID_ALREADY_USED: {
    'zh-CN': '这个身份已经认证过其他钱包。每个身份只能认证一个钱包，如有疑问请联系客服。',
    en: 'This identity is already verified for another wallet. One wallet per person: contact customer service if this is wrong.',
  },
  KYC_ALREADY_VERIFIED: {
    'zh-CN': '您已经完成实名认证，无需再次提交。',
    en: 'Your identity is already verified: nothing more to send.',
  },
  KYC_IDENTITY_FIRST: {
    'zh-CN': '请先完成实名信息认证。',
    en: 'Verify your name and ID first.',
  },
  KYC_REVOKED: {
    'zh-CN': '您的实名认证已被银行撤销，请联系银行客服。',
    en: 'The bank withdrew your identity verification. Please contact customer service.',
  },
  CARD_NOT_FOUND: {
    'zh-CN': '找不到这张银行卡，请重新选择。',
    en: 'This card could not be found. Choose another.',
  },
  CARD_NAME_MISMATCH: {
    'zh-CN': '这张卡的持卡人姓名与您的实名信息不一致，请选择您本人名下的银行卡。',
    en: 'This card is not in the name you verified. Choose a card in your own name.',
  },
  INVALID_SELFIE: {
    'zh-CN': '无法识别这张照片，请重新拍摄。',
    en: 'This photo could not be read. Take another one.',
  },
  SELFIE_TOO_LARGE: {
    'zh-CN': '照片太大了，请重新拍一张。',
    en: 'The photo is too large. Take another one.',
  },
  FACE_ALREADY_VERIFIED: {
    'zh-CN': '您已经通过人脸核验。',
    en: 'Your face check is already done.',
  },
  FACE_CHECK_IN_REVIEW: {
    'zh-CN': '您上次的照片正在由银行审核，请等待结果通知。',
    en: 'The bank is reviewing your last photo. Wait for the message with the result.',
  },
  FACE_CHECK_IN_PROGRESS: {
    'zh-CN': '正在核验中，请稍候再看结果。',
    en: 'A face check is already running. Wait a moment for its result.',
  },
  FACE_CHECK_BLOCKED: {
    'zh-CN': '核验失败次数过多，请 24 小时后再试。',
    en: 'Too many failed face checks. Try again after a day.',
  },
  FACE_CHECK_CLOSED: {
    'zh-CN': '银行未通过您的人脸核验，请携带身份证到网点办理。',
    en: 'The bank did not accept your face check. Please take your ID card to a branch.',
  },
  FACE_NOT_MATCHED: {
    'zh-CN': '照片与身份证照片不一致，请在光线充足处正对镜头重新拍摄。',
    en: 'The photo does not match your ID card. Face the camera in good light and try again.',
  },
  LIVENESS_FAILED: {
    'zh-CN': '无法确认是本人实时拍摄，请重新拍一张自拍。',
    en: 'We could not confirm a live person. Take a new selfie.',
  },
  FACE_CHECK_UNAVAILABLE: {
    'zh-CN': '人脸核验服务暂时不可用，没有做任何更改，请稍后再试。',
    en: 'Face checks are not available right now. Nothing was changed: try again later.',
  },
  FACE_CHECK_UNVERIFIABLE: {
    'zh-CN': '核验结果无法确认，没有做任何更改，请稍后再试。',
    en: 'The result could not be confirmed. Nothing was changed: try again later.',
  },
};
