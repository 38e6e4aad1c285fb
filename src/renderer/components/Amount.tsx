import { useId, type ReactNode } from 'react';

interface AmountProps {
  readonly label: string;
  readonly children: ReactNode;
  readonly className?: string;
}

/**
 * A labelled value ("Total  ¥12.50") in a description list: the value is named by its term through
 * aria-labelledby, so assistive tech and tests find it by that name.
 */
export function Amount({ label, children, className }: AmountProps) {
  const id = useId();
  return (
    <div className={['amount', className].filter(Boolean).join(' ')}>
      <dt id={id}>{label}</dt>
      <dd aria-labelledby={id}>{children}</dd>
    </div>
  );
}
