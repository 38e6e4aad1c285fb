/** Split tender and cash rounding (抹零): paid parts, what is left, giving parts back on a void. */
export const enSplit = {
  'split.paidParts': 'Paid so far',
  'split.partCash': 'Cash',
  'split.partCard': 'Store card',
  'split.left': 'Left to pay',
  'split.partTaken': '{amount} taken. {left} left to pay.',
  'cash.rounding': 'Rounding',
  'cash.part': 'Take as part payment',
  'cash.partHint': 'Less than is due: take it as a part, and the rest by another tender.',
  'void.paidParts': 'Part of this ticket is paid. Voiding gives it back first:',
  'void.backCash': '{amount} in cash from the drawer',
  'void.backWallet': '{amount} back to {wallet}',
  'void.backCard': '{amount} in cash for the store card part',
} as const;
