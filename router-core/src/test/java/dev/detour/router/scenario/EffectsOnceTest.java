package dev.detour.router.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.router.RouteRequest;
import dev.detour.router.RouteResult;
import dev.detour.router.Router;
import dev.detour.router.error.AppliedEffect;
import dev.detour.router.error.ErrorCategory;
import dev.detour.router.error.SideEffects;
import dev.detour.router.error.ToolError;
import dev.detour.router.exec.ToolCall;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolAnnotations;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.testing.ScriptedToolInvoker;
import dev.detour.router.time.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An effect happens at most once per request, whatever reroutes, demotions and fork regions do. */
class EffectsOnceTest {

    private static final ToolAnnotations CHARGES = new ToolAnnotations(false, false, false);

    private final ManualClock ticker = new ManualClock();
    private final ScriptedToolInvoker tools = new ScriptedToolInvoker(ticker);

    private Router router(ToolGraph graph) {
        return Router.builder(graph).invoker(tools).ticker(ticker).clock(ticker).build();
    }

    /** Two fulfilment stacks: charge_stripe → label_shippo, or charge_adyen → label_easypost. */
    private static ToolGraph.Builder shop() {
        return ToolGraph.builder("shop")
                .start("start")
                .step(Step.tool("charge_stripe", "charge@stripe", Map.of(), CHARGES).withOutput("charge"))
                .step(Step.tool("charge_adyen", "charge@adyen", Map.of(), CHARGES).withOutput("charge"))
                .step(Step.tool("label_shippo", "label@shippo", Map.of(), ToolAnnotations.IDEMPOTENT).withOutput("label"))
                .step(Step.tool("label_easypost", "label@easypost", Map.of(), ToolAnnotations.IDEMPOTENT).withOutput("label"))
                .waypoint("shipped").waypoint("refunded")
                .transition("start", "charge_stripe", 1).transition("start", "charge_adyen", 2)
                .transition("charge_stripe", "label_shippo", 1).transition("charge_adyen", "label_easypost", 1)
                .transition("label_shippo", "shipped", 0).transition("label_easypost", "shipped", 0)
                .goal("shipped");
    }

    @Test
    void aReroutePastACompletedChargeDoesNotChargeAgainThroughTheOtherStack() {
        tools.failing("label@shippo", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(shop().build()).route(RouteRequest.toDefaultGoal().withTraceId("order-1"));

        assertThat(tools.callsTo("charge@stripe")).isOne();
        assertThat(tools.callsTo("charge@adyen")).isZero();
        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
    }

    @Test
    void anEscalationListsTheEffectsAlreadyApplied() {
        tools.failing("label@shippo", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(shop().build()).route(RouteRequest.toDefaultGoal().withTraceId("order-1"));

        assertThat(result.error().appliedEffects())
                .containsExactly(new AppliedEffect("charge_stripe", "charge@stripe", "charge", "order-1", AppliedEffect.Status.APPLIED));
        assertThat(result.error().sideEffects()).isEqualTo(SideEffects.POSSIBLE);
        assertThat(result.error().toMap()).containsKey("appliedEffects");
    }

    @Test
    void aRerouteThatReusesTheCompletedChargeCompletes() {
        tools.failing("label@shippo", ErrorCategory.UPSTREAM_UNAVAILABLE);
        ToolGraph graph = shop().transition("charge_stripe", "label_easypost", 3).build();

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.calledTools()).containsExactly("charge@stripe", "label@shippo", "label@easypost");
    }

    @Test
    void aChargeThatMayHaveGoneThroughBlocksTheOtherProviderOfTheCharge() {
        tools.failing("charge@stripe", ToolError.of(ErrorCategory.TIMEOUT, "no answer", SideEffects.UNKNOWN));

        RouteResult result = router(shop().build()).route(RouteRequest.toDefaultGoal().withTraceId("order-2"));

        assertThat(tools.callsTo("charge@adyen")).isZero();
        assertThat(result.error().appliedEffects()).extracting(AppliedEffect::status).containsExactly(AppliedEffect.Status.UNKNOWN);
    }

    @Test
    void theLadderDoesNotTakeALesserGoalWhoseRouteRepeatsAnAppliedEffect() {
        ToolGraph graph = ToolGraph.builder("shop-ladder")
                .start("start")
                .step(Step.tool("pay_card", "pay@card", Map.of(), CHARGES).withOutput("payment"))
                .step(Step.tool("pay_invoice", "pay@invoice", Map.of(), CHARGES).withOutput("payment"))
                .tool("ship", "ship@dhl", Map.of(), ToolAnnotations.IDEMPOTENT)
                .tool("notify", "notify@mail", Map.of(), ToolAnnotations.IDEMPOTENT)
                .waypoint("shipped").waypoint("invoiced")
                .transition("start", "pay_card", 1).transition("pay_card", "ship", 1).transition("ship", "shipped", 0)
                .transition("start", "pay_invoice", 1).transition("pay_invoice", "notify", 1).transition("notify", "invoiced", 0)
                .goal("shipped").goal("invoiced").demotion("shipped", "invoiced")
                .build();
        tools.failing("ship@dhl", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(tools.callsTo("pay@invoice")).isZero();
        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
    }

    @Test
    void aRerouteOutOfAForkRegionDoesNotRepeatASiblingBranchsEffect() {
        ToolGraph graph = ToolGraph.builder("signup")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Step.tool("create_account", "account@crm", Map.of(), CHARGES).withOutput("account").inBranch("crm"))
                .step(Step.tool("verify", "verify@kyc", Map.of(), ToolAnnotations.READ_ONLY).inBranch("kyc"))
                .step(Step.tool("create_account_manual", "account@backoffice", Map.of(), CHARGES).withOutput("account"))
                .transition("start", "fork", 0).transition("fork", "create_account", 1).transition("fork", "verify", 1)
                .transition("create_account", "join", 0).transition("verify", "join", 0).transition("join", "done", 0)
                .transition("start", "create_account_manual", 5).transition("create_account_manual", "done", 0)
                .fork("fork", "join", "crm", "kyc")
                .goal("done")
                .build();
        tools.failing("verify@kyc", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(tools.callsTo("account@crm")).isOne();
        assertThat(tools.callsTo("account@backoffice")).isZero();
        assertThat(result.status()).isEqualTo(RouteResult.Status.ESCALATED);
    }

    @Test
    void aCompletedReadOnlyStepIsReusedWhenItsForkRegionRunsAgain() {
        ToolGraph graph = ToolGraph.builder("reuse")
                .start("start").waypoint("fork").waypoint("join").waypoint("done")
                .step(Step.tool("lookup", "lookup@a", Map.of(), ToolAnnotations.READ_ONLY).inBranch("left"))
                .step(Step.tool("score_a", "score@a", Map.of(), ToolAnnotations.READ_ONLY).withOutput("score").inBranch("right"))
                .step(Step.tool("score_b", "score@b", Map.of(), ToolAnnotations.READ_ONLY).withOutput("score").inBranch("right"))
                .transition("start", "fork", 0).transition("fork", "lookup", 1).transition("fork", "score_a", 1).transition("fork", "score_b", 2)
                .transition("lookup", "join", 0).transition("score_a", "join", 0).transition("score_b", "join", 0)
                .tool("report", "report@a", Map.of(), ToolAnnotations.READ_ONLY)
                .tool("report_b", "report@b", Map.of(), ToolAnnotations.READ_ONLY)
                .transition("join", "report", 0).transition("report", "done", 0)
                .transition("start", "report_b", 9).transition("report_b", "done", 0)
                .fork("fork", "join", "left", "right")
                .goal("done")
                .build();
        tools.failing("score@a", ErrorCategory.UPSTREAM_UNAVAILABLE);

        RouteResult result = router(graph).route(RouteRequest.toDefaultGoal());

        assertThat(result.status()).isEqualTo(RouteResult.Status.COMPLETED);
        assertThat(tools.callsTo("lookup@a")).isOne();
    }

    @Test
    void aCallToAToolThatIsNotReadOnlyCarriesAKeyStableForItsStepInTheRequest() {
        router(shop().build()).route(RouteRequest.toDefaultGoal().withTraceId("order-3"));

        assertThat(tools.calls()).extracting(ToolCall::idempotencyKey)
                .containsExactly(java.util.Optional.of("order-3/charge_stripe"), java.util.Optional.of("order-3/label_shippo"));
    }
}
