/** The page's own state (not the cluster's): side panel tab, namespace filter, selection, expanded pod groups. */
import { create } from 'zustand';

/** Side panel tabs. */
export type SideTab = 'yaml' | 'objects' | 'inspector' | 'events' | 'lessons' | 'internals';
const TABS: readonly SideTab[] = ['yaml', 'objects', 'inspector', 'events', 'lessons', 'internals'];

/** The main view: the object graph, or the architecture (components and their conversation). */
export type MainView = 'graph' | 'architecture';

/** Namespaces kubeadm creates for the system; hidden until "Show system objects" is checked. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export interface UiState {
  sideTab: SideTab;
  mainView: MainView;
  setMainView(view: MainView): void;
  /** Shows kube-system and the other system namespaces in the graph and the table. */
  showSystem: boolean;
  /** Draws Services and the pods they select. */
  showServices: boolean;
  setShowServices(show: boolean): void;
  /** One namespace to show, or '' for all (system ones still follow showSystem). */
  namespace: string;
  /** Graph id (object uid or pod group id) of the selected card. */
  selectedId?: string;
  expandedGroups: ReadonlySet<string>;
  /** Presentation mode: no side panel, larger type, for a projector. */
  presenting: boolean;
  setPresenting(on: boolean): void;
  setSideTab(tab: SideTab): void;
  setShowSystem(show: boolean): void;
  setNamespace(ns: string): void;
  select(id: string | undefined): void;
  /** Selects an object (by uid) and opens the Inspector tab on it. */
  inspect(uid: string): void;
  toggleGroup(id: string): void;
  collapseGroups(): void;
}

/** `?tab=objects` (or inspector, events) opens the page on that tab (a link into the Objects table; the editor loads later). */
function initialTab(): SideTab {
  const tab = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('tab');
  return TABS.find((t) => t === tab) ?? 'yaml';
}

/** `?view=architecture` opens the page on the architecture view. */
function initialView(): MainView {
  return typeof location !== 'undefined' && new URLSearchParams(location.search).get('view') === 'architecture' ? 'architecture' : 'graph';
}

export const useUiStore = create<UiState>((set, get) => ({
  sideTab: initialTab(),
  mainView: initialView(),
  setMainView: (mainView) => set({ mainView }),
  showSystem: false,
  namespace: '',
  showServices: false,
  setShowServices: (showServices) => set({ showServices }),
  expandedGroups: new Set(),
  presenting: false,
  setPresenting: (presenting) => set({ presenting }),
  setSideTab: (sideTab) => set({ sideTab }),
  setShowSystem: (showSystem) => set({ showSystem }),
  setNamespace: (namespace) => set({ namespace }),
  select: (selectedId) => set({ selectedId }),
  inspect: (uid) => set({ selectedId: uid, sideTab: 'inspector' }),
  toggleGroup: (id) => {
    const next = new Set(get().expandedGroups);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    set({ expandedGroups: next });
  },
  collapseGroups: () => set({ expandedGroups: new Set() }),
}));

/** Whether a namespace's objects are shown under the current filter. */
export function namespaceVisible(ns: string, namespace: string, showSystem: boolean): boolean {
  if (namespace) return ns === namespace;
  return showSystem || !SYSTEM_NAMESPACES.has(ns);
}
