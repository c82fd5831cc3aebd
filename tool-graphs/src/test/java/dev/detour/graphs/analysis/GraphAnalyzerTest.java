package dev.detour.graphs.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.graphs.analysis.DeadEnd.Coverage;
import dev.detour.graphs.loader.GraphLoader;
import dev.detour.graphs.loader.Source;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected figures are computed by hand from the example graphs (see the comments). */
class GraphAnalyzerTest {

    private static GraphRisk analyze(String path) {
        return new GraphAnalyzer().analyze(GraphLoader.load(Source.classpath(path)).graph());
    }

    @Test
    void supportTicketSurvivesAnySingleToolFailure() {
        // every stage has two or three providers: classify, CRM, draft, send
        GoalRisk resolved = analyze("graphs/linear/support-ticket.yaml").goal("ticket_resolved");
        assertThat(resolved.minToolFailures()).hasValue(2);
        assertThat(resolved.singlePointsOfFailure()).isEmpty();
    }

    @Test
    void supportTicketLesserGoalsHangOnZendesk() {
        GraphRisk risk = analyze("graphs/linear/support-ticket.yaml");
        assertThat(risk.goal("reply_saved").minToolFailures()).hasValue(1);
        assertThat(risk.goal("reply_saved").singlePointsOfFailure()).containsExactly("zendesk.update_ticket");
        assertThat(risk.goal("agent_assigned").singlePointsOfFailure()).containsExactly("zendesk.update_ticket");
    }

    @Test
    void supportTicketDeadEndsSplitBetweenLadderPolicyAndEscalation() {
        // minimal cuts are exactly the stage cuts; the draft stage needs three failures
        List<DeadEnd> deadEnds = analyze("graphs/linear/support-ticket.yaml").goal("ticket_resolved").deadEnds();
        assertThat(deadEnds).extracting(DeadEnd::failedTools, DeadEnd::coverage).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(List.of("openai.chat", "rules.classify"), Coverage.ESCALATION),
                org.assertj.core.groups.Tuple.tuple(List.of("redis.get_contact", "salesforce.get_contact"), Coverage.POLICY),
                org.assertj.core.groups.Tuple.tuple(List.of("sendgrid.send", "ses.send"), Coverage.LADDER),
                org.assertj.core.groups.Tuple.tuple(List.of("anthropic.messages", "openai.chat", "templates.render"), Coverage.POLICY));
        assertThat(deadEnds).filteredOn(d -> d.coverage() == Coverage.LADDER).singleElement()
                .extracting(DeadEnd::ladderGoal).isEqualTo("reply_saved");
    }

    @Test
    void researchReportNeedsTwoFailuresAndOnlyRenderingIsCoveredByTheLadder() {
        GoalRisk full = analyze("graphs/dag/research-report.yaml").goal("full_report");
        assertThat(full.minToolFailures()).hasValue(2);
        assertThat(full.singlePointsOfFailure()).isEmpty();
        // search, fetch, papers: every goal needs both branches -> escalation; both LLMs -> policy
        // (reading list); both renderers -> ladder (markdown report)
        assertThat(full.deadEnds()).extracting(DeadEnd::failedTools, DeadEnd::coverage).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(List.of("brave.search", "serpapi.search"), Coverage.ESCALATION),
                org.assertj.core.groups.Tuple.tuple(List.of("archive_org.fetch", "http.fetch"), Coverage.ESCALATION),
                org.assertj.core.groups.Tuple.tuple(List.of("arxiv.search", "semantic_scholar.search"), Coverage.ESCALATION),
                org.assertj.core.groups.Tuple.tuple(List.of("anthropic.messages", "openai.chat"), Coverage.POLICY),
                org.assertj.core.groups.Tuple.tuple(List.of("docraptor.render", "pandoc.render"), Coverage.LADDER));
    }

    @Test
    void researchReportLesserGoalsHaveTheirOwnSinglePoints() {
        GraphRisk risk = analyze("graphs/dag/research-report.yaml");
        assertThat(risk.goal("markdown_report").minToolFailures()).hasValue(2);
        assertThat(risk.goal("summary").singlePointsOfFailure()).containsExactly("ollama.generate");
        assertThat(risk.goal("reading_list").singlePointsOfFailure()).containsExactly("bibtex.compile");
    }

    @Test
    void priceLookupHangsOnTheComparisonServiceWhichTheLadderCovers() {
        GoalRisk best = analyze("graphs/fanout/price-lookup.yaml").goal("best_price");
        assertThat(best.minToolFailures()).hasValue(1);
        assertThat(best.singlePointsOfFailure()).containsExactly("pricing.compare");
        assertThat(best.deadEnds()).extracting(DeadEnd::failedTools, DeadEnd::coverage).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(List.of("pricing.compare"), Coverage.LADDER),
                org.assertj.core.groups.Tuple.tuple(List.of("barcodelookup.get", "openai.chat"), Coverage.POLICY),
                org.assertj.core.groups.Tuple.tuple(List.of("amazon.paapi", "keepa.product"), Coverage.LADDER),
                org.assertj.core.groups.Tuple.tuple(List.of("ebay.browse", "serpapi.shopping"), Coverage.LADDER),
                org.assertj.core.groups.Tuple.tuple(List.of("serpapi.shopping", "walmart.affiliate"), Coverage.LADDER));
    }

    @Test
    void aToolBehindSeveralStepsCountsOnceInTheMinimum() {
        // three alternatives, two of them on tool X: three steps must fail, but two tools suffice
        ToolGraph g = ToolGraph.builder("shared")
                .start("s")
                .tool("a", "X", Map.of(), ToolAnnotations.READ_ONLY)
                .tool("b", "Y", Map.of(), ToolAnnotations.READ_ONLY)
                .tool("c", "X", Map.of(), ToolAnnotations.READ_ONLY)
                .waypoint("goal")
                .transition("s", "a", 1).transition("s", "b", 2).transition("s", "c", 3)
                .transition("a", "goal", 0).transition("b", "goal", 0).transition("c", "goal", 0)
                .goal("goal")
                .build();
        GoalRisk risk = new GraphAnalyzer().analyze(g).goal("goal");
        assertThat(risk.stepCut()).isEqualTo(3);
        assertThat(risk.minToolFailures()).hasValue(2);
        assertThat(risk.exampleCut()).containsExactly("X", "Y");
    }

    @Test
    void aGoalBehindNoToolCannotBeCut() {
        ToolGraph g = ToolGraph.builder("free").start("s").waypoint("goal").transition("s", "goal", 0).goal("goal").build();
        assertThat(new GraphAnalyzer().analyze(g).goal("goal").minToolFailures()).isEmpty();
    }
}
