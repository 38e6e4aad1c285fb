/** The bill payment screens' words (counter and kiosk); the zh-CN catalog has the same keys. */
export const enBills = {
  'bills.open': 'Pay a bill',
  'bills.title': 'Pay a bill',
  'bills.chooseBiller': 'Choose the biller',
  'bills.kind.electricity': 'Electricity',
  'bills.kind.water': 'Water',
  'bills.kind.gas': 'Gas',
  'bills.kind.phone': 'Phone top-up',
  'bills.account': 'Account number, or scan the bill',
  'bills.lookUp': 'Look up the bill',
  'bills.lookingUp': 'Asking the biller…',
  'bills.back': 'Back',
  'bills.cancel': 'Cancel',
  'bills.maskedName': 'Name on the account',
  'bills.billAmount': 'Bill',
  'bills.lateFee': 'Late fee',
  'bills.total': 'To pay',
  'bills.dueDate': 'Due',
  'bills.nothingOwing': 'Nothing owing: the customer can prepay.',
  'bills.prepayAmount': 'Amount to prepay',
  'bills.offline':
    'The biller cannot be reached: this is a prepayment, paid to the biller when it answers again. The receipt says pending.',
  'bills.askCustomer': 'Ask the customer to check the bill on their screen, then confirm.',
  'bills.confirm': 'Customer confirmed: add to ticket',
  'bills.added': 'Bill for {account} is on the ticket: take the payment.',
  'bills.confirmed': 'The biller confirmed the payment. Confirmation number: {number}',
  'bills.pending':
    'The bill payment is pending: the till pays the biller when it answers (same payment, never twice).',
  'bills.rejected':
    'The biller refused the payment ({reason}). Refund the customer: open the sale and refund it.',
  'bills.displayTitle': 'Please check your bill',
  'bills.kioskConfirm': 'This is my bill: pay it',
} as const;
