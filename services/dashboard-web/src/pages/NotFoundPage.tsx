import { Link } from 'react-router';
import { EmptyState } from '../components/States';

export default function NotFoundPage() {
  return (
    <div className="card">
      <EmptyState
        title="Page not found"
        action={
          <Link className="btn btn-sm" to="/">
            Go to the overview
          </Link>
        }
      >
        This address does not match any page of the dashboard.
      </EmptyState>
    </div>
  );
}
