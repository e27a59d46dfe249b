/**
 * The live cluster graph: workloads -> ReplicaSets -> Pods -> Nodes, fed by the cluster store,
 * filtered by namespace, laid out in stable columns, pods grouped when there are too many.
 */
import { useT } from '../i18n/i18n';
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { Controls, ReactFlow, ReactFlowProvider, useNodesInitialized, useReactFlow, type Edge, type NodeMouseHandler, type OnMove } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './graph.css';
import { latestObjects } from '../state/cluster-store';
import { namespaceVisible, useUiStore } from '../state/ui-store';
import { buildGraph } from './graph-model';
import { placeItems, type LayoutMemory } from './graph-layout';
import { toFlowEdges, toFlowNodes, type FlowNode } from './graph-flow';
import { nodeTypes } from './GraphCards';
import { GraphToolbar } from './GraphToolbar';
import { useGraphObjects, useViewMotion } from './graph-motion';

export function ClusterGraph() {
  return (
    <ReactFlowProvider>
      <GraphCanvas />
    </ReactFlowProvider>
  );
}

function useGraphModel(moving: RefObject<boolean>) {
  const objects = useGraphObjects(moving);
  const showSystem = useUiStore((s) => s.showSystem);
  const namespace = useUiStore((s) => s.namespace);
  const expandedGroups = useUiStore((s) => s.expandedGroups);
  const showServices = useUiStore((s) => s.showServices);
  return useMemo(() => {
    const list = [...objects.values()].map((e) => e.object);
    return buildGraph(list, { showNamespace: (ns) => namespaceVisible(ns, namespace, showSystem), expandedGroups, showServices });
  }, [objects, showSystem, namespace, expandedGroups, showServices]);
}

function GraphCanvas() {
  const t = useT();
  const motion = useViewMotion();
  const model = useGraphModel(motion.moving);
  const selectedId = useUiStore((s) => s.selectedId);
  const select = useUiStore((s) => s.select);
  const toggleGroup = useUiStore((s) => s.toggleGroup);
  const showServices = useUiStore((s) => s.showServices);
  const layout = useRef<LayoutMemory>(new Map());
  const previousNodes = useRef<ReadonlyMap<string, FlowNode>>(new Map());
  const previousEdges = useRef<ReadonlyMap<string, Edge>>(new Map());

  const nodes = useMemo(() => {
    const { placed, memory } = placeItems(model.items, layout.current);
    layout.current = memory;
    const next = toFlowNodes(placed, previousNodes.current, selectedId, { onToggle: toggleGroup, aggregated: model.aggregated, services: showServices });
    previousNodes.current = new Map(next.map((n) => [n.id, n]));
    return next;
  }, [model, selectedId, toggleGroup, showServices]);
  const edges = useMemo(() => {
    const next = toFlowEdges(model.edges, previousEdges.current, selectedId);
    previousEdges.current = new Map(next.map((e) => [e.id, e]));
    return next;
  }, [model, selectedId]);

  const onNodeClick = useCallback<NodeMouseHandler>(
    (_, node) => {
      if (node.type === 'header') return select(undefined);
      // A single object opens in the Inspector; a pod group only highlights (its click expands it).
      if (latestObjects().has(node.id)) useUiStore.getState().inspect(node.id);
      else select(node.id);
    },
    [select],
  );
  const onPaneClick = useCallback(() => select(undefined), [select]);
  const userMoved = useAutoFit(nodes.length);
  // onMove, not onMoveStart: a click on a card starts a (null) move without changing the view.
  const onMove = useCallback<OnMove>((event) => {
    if (event) userMoved.current = true;
  }, [userMoved]);

  return (
    <div className="graph" data-testid="cluster-graph" data-aggregated={model.aggregated}>
      <GraphToolbar />
      <div className="graph-flow" ref={motion.container}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          onMove={onMove}
          onMoveStart={motion.onMoveStart}
          onMoveEnd={motion.onMoveEnd}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          colorMode="system"
          minZoom={0.05}
          maxZoom={2}
          fitView
          fitViewOptions={fitOptions}
          proOptions={{ hideAttribution: true }}
        >
          {/* No dotted <Background>: its pattern is repainted across the whole pane on every frame of a pan or zoom. */}
          <Controls showInteractive={false} onFitView={() => (userMoved.current = false)} />
        </ReactFlow>
        {!model.items.some((i) => i.type === 'workload' || i.type === 'pod' || i.type === 'podgroup') && (
          <div className="graph-empty">{t('graph.empty')}</div>
        )}
      </div>
    </div>
  );
}

/** Cards may grow past 1:1 to fill the pane, more so on a projector in presentation mode. */
const fitOptions = { padding: 0.06, maxZoom: 1.2, duration: 250 };
const presentingFitOptions = { ...fitOptions, maxZoom: 1.8 };

/** Keeps the whole graph in view as cards arrive, until the person pans or zooms themselves. */
function useAutoFit(count: number) {
  const flow = useReactFlow();
  const userMoved = useRef(false);
  const presenting = useUiStore((s) => s.presenting);
  // The side panel widens for the Inspector and Events tabs: the pane shrinks, so fit again.
  const wideSide = useUiStore((s) => s.sideTab === 'inspector' || s.sideTab === 'events');
  // True once every card has been measured: fitting before that leaves new cards out of view.
  const measured = useNodesInitialized();
  useEffect(() => {
    userMoved.current = false;
  }, [presenting]);
  useEffect(() => {
    if (userMoved.current || !measured) return;
    // Wait for React Flow to measure the new cards (or the resized pane) before fitting.
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => void flow.fitView(presenting ? presentingFitOptions : fitOptions));
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [count, flow, presenting, measured, wideSide]);
  return userMoved;
}
