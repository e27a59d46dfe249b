/**
 * The page's entry: starts the cluster worker first, then loads the dashboard. The worker's script
 * is the largest thing the page waits for (fetch, parse, open IndexedDB, boot the cluster); asking
 * for it before the React code is parsed lets both happen at once instead of one after the other.
 */
import { connectCluster } from './cluster/connection';
import './styles.css';

void connectCluster();
void import('./dashboard-root').then((m) => m.renderDashboard(document.getElementById('root')!));
