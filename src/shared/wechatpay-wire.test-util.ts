/** WeChat Pay's published API v2 signing example (appid wxd930ea5d5a258f4f, mch_id 10000100). */
export const v2Example = {
  fields: {
    appid: 'wxd930ea5d5a258f4f',
    mch_id: '10000100',
    device_info: '1000',
    body: 'test',
    nonce_str: 'ibuaiVcKdpRxkhJA',
  },
  key: '192006250b4c09247ec02edce69f6a2d',
};
