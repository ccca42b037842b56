import { useAlertsFeed } from '../hooks/useAlertsFeed';
import { budgetCoverage } from '../lib/alerts-view';

/** The budget panel's note: whether a server `cost_over` rule alerts too, or only this tab does. */
export function BudgetCoverage() {
  const coverage = budgetCoverage(useAlertsFeed().data);
  if (coverage === null) return null;
  return (
    <p className={`small budget-coverage${coverage.covered ? '' : ' muted'}`} data-testid="budget-coverage" data-covered={coverage.covered}>
      {coverage.text}
    </p>
  );
}
