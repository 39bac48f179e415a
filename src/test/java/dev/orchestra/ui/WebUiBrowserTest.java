package dev.orchestra.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.orchestra.ui.UiFixtures.activeSlots;
import static dev.orchestra.ui.UiFixtures.concurrencyLimit;
import static dev.orchestra.ui.UiFixtures.deployment;
import static dev.orchestra.ui.UiFixtures.flow;
import static dev.orchestra.ui.UiFixtures.flowRun;
import static dev.orchestra.ui.UiFixtures.flowRunState;
import static dev.orchestra.ui.UiFixtures.flowRunStates;
import static dev.orchestra.ui.UiFixtures.json;
import static dev.orchestra.ui.UiFixtures.log;
import static dev.orchestra.ui.UiFixtures.now;
import static dev.orchestra.ui.UiFixtures.stateOf;
import static dev.orchestra.ui.UiFixtures.taskRun;
import static dev.orchestra.ui.UiFixtures.taskRunState;
import static dev.orchestra.ui.UiFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web UI in a real browser: Debian's Chromium, headless, driven by Playwright (which never downloads a
 * browser here). Runs are made through the API as a Prefect client makes them; the tests open their pages, click
 * through them and check what is shown. Every request the pages make must go to this server (no CDN), and no
 * page may log a script error. With {@code -Dorchestra.ui.screenshots=docs/screenshots} the screenshots of the
 * README are written there (by default to {@code target/ui-screenshots}).
 *
 * <p>Without Chromium the tests are skipped locally, and fail in CI ({@code CI=true}), where {@code .ci/run}
 * installs it.
 */
@QuarkusTest
class WebUiBrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
    static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);

    static Playwright playwright;
    static Browser browser;
    static Seed seed;

    @TestHTTPResource("/")
    URL base;

    BrowserContext context;
    Page page;
    final List<String> foreignRequests = new ArrayList<>();
    final List<String> scriptErrors = new ArrayList<>();

    @BeforeAll
    static void startBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "Chromium is not installed at " + CHROMIUM + " (Debian package 'chromium')";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": CI must install it (.ci/run does) so the web UI is tested in a browser.");
            }
            Assumptions.abort(why + ": browser tests skipped outside CI.");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // launch() gives every browser a fresh, temporary user-data-dir
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(CHROMIUM_ARGS));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        if (seed == null) {
            seed = Seed.make();
        }
        String origin = base.toString().replaceAll("/$", "");
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900)
                .setBaseURL(origin));
        context.onRequest(r -> {
            if (!r.url().startsWith(origin + "/") && !r.url().startsWith("data:")) {
                foreignRequests.add(r.url());
            }
        });
        page = context.newPage();
        page.onPageError(e -> scriptErrors.add(e));
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                scriptErrors.add(m.text());
            }
        });
    }

    @AfterEach
    void closePage() {
        context.close();
        assertEquals(List.of(), foreignRequests, "requests to other hosts");
        assertEquals(List.of(), scriptErrors, "script errors");
    }

    @Test
    void theLinkThePrefectClientPrintsOpensTheFlowRunPage() {
        // The client's PREFECT_UI_URL default (settings.default_ui_url): PREFECT_API_URL without its "/api" suffix
        String apiUrl = base.toString().replaceAll("/$", "") + "/api";
        String uiUrl = apiUrl.substring(0, apiUrl.length() - "/api".length());
        Response response = page.navigate(uiUrl + "/flow-runs/flow-run/" + seed.mainRun);

        assertEquals(200, response.status());
        assertThat(page.locator("h1")).containsText(seed.mainRunName);
        assertThat(page.locator("#run-state")).hasText("Completed");
        assertThat(page.locator("tr[data-task-run-id]")).hasCount(4);
        assertThat(page.locator("svg.graph a.node")).hasCount(4);
        assertThat(page.locator("svg.graph path.edge")).hasCount(3);
        assertThat(page.locator(".logs")).containsText("Loaded 1200 rows");
        assertThat(page.locator("pre.json")).containsText("\"batch_size\" : 500");
        assertThat(page.locator(".states li")).hasCount(4);
        assertThat(page.locator(".meta")).containsText("nightly");
        screenshot("flow-run", true);
    }

    @Test
    void fromTheDashboardToARunAndOneOfItsTaskRuns() {
        page.navigate("/");
        assertTrue(page.url().endsWith("/dashboard"), page.url());
        page.locator("#history-chart[data-rendered=true] svg").waitFor();
        screenshot("dashboard", false);

        // the dashboard of the seeded flow (the filter form itself is exercised by the next test)
        page.navigate("/dashboard?flow=" + seed.flowId);
        assertThat(page.locator("select[name=flow] option[selected]")).hasText(seed.flowName);
        page.locator("#latest-runs a", new Page.LocatorOptions().setHasText(seed.mainRunName)).click();
        page.waitForURL("**/flow-runs/flow-run/" + seed.mainRun);
        assertThat(page.locator("#run-state")).hasText("Completed");

        page.locator("tr[data-task-run-id] a", new Page.LocatorOptions().setHasText("transform")).click();
        page.waitForURL("**/flow-runs/task-run/" + seed.transform);
        assertThat(page.locator("h1")).containsText("transform");
        assertThat(page.locator("#task-state")).hasText("Completed");
        assertThat(page.locator(".links")).containsText("extract");
        assertThat(page.locator(".logs")).containsText("Normalised 1200 rows");
        screenshot("task-run", false);

        page.locator(".crumbs a", new Page.LocatorOptions().setHasText(seed.mainRunName)).click();
        page.waitForURL("**/flow-runs/flow-run/" + seed.mainRun);
        page.locator("svg.graph a.node", new Page.LocatorOptions().setHasText("report")).click();
        page.waitForURL("**/flow-runs/flow-run/" + seed.subflow);
        assertThat(page.locator(".meta")).containsText(seed.mainRunName);
    }

    @Test
    void theDashboardFiltersByStateTagAndTime() {
        page.navigate("/flow-runs?flow=" + seed.flowId);
        page.locator("label.chip", new Page.LocatorOptions().setHasText("Failed")).click();
        page.waitForURL(Pattern.compile(".*state=FAILED.*"));
        Locator rows = page.locator("#latest-runs tr[data-run-id]");
        assertTrue(rows.count() > 0);
        assertThat(page.locator("#latest-runs .badge").first()).hasText("Failed");
        assertEquals(rows.count(), page.locator("#latest-runs .badge", new Page.LocatorOptions().setHasText(
                "Failed")).count());
        assertThat(page.locator("[data-count=total]")).hasText(String.valueOf(rows.count()));

        page.navigate("/flow-runs?flow=" + seed.flowId);
        page.fill("input[name=tags]", seed.tag);
        page.press("input[name=tags]", "Enter");
        page.waitForURL(Pattern.compile(".*tags=.*"));
        assertThat(page.locator("#latest-runs tr[data-run-id]")).hasCount(1);
        assertThat(page.locator("#latest-runs")).containsText(seed.mainRunName);

        page.selectOption("select[name=range]", "1h");
        page.waitForURL(Pattern.compile(".*range=1h.*"));
        assertThat(page.locator("#latest-runs tr[data-run-id]")).hasCount(1);
    }

    @Test
    void cancellingARunningRunProposesCancelling() {
        String run = runningRun("to-cancel");
        page.navigate("/flow-runs/flow-run/" + run);
        assertThat(page.locator("#run-state")).hasText("Running");

        page.onceDialog(d -> d.accept());
        page.locator("button", new Page.LocatorOptions().setHasText("Cancel")).click();
        assertThat(page.locator(".notice")).containsText("the run is now Cancelling", WAIT_CONTAINS);
        assertThat(page.locator("#run-state")).hasText("Cancelling");
        assertEquals("CANCELLING", stateOf(run));
    }

    @Test
    void aPausedRunCanBeResumed() {
        String run = runningRun("to-resume");
        flowRunState(run, "PAUSED", Map.of("state_details", json("pause_timeout", now(3600))));
        page.navigate("/flow-runs/flow-run/" + run);
        assertThat(page.locator("#run-state")).hasText("Paused");

        page.locator("button", new Page.LocatorOptions().setHasText("Resume")).click();
        assertThat(page.locator("#run-state")).hasText("Running", WAIT);
        assertEquals("RUNNING", stateOf(run));
    }

    @Test
    void aRunPageFollowsTheRunWhileItGoes() {
        String run = runningRun("live");
        page.navigate("/flow-runs/flow-run/" + run);
        assertThat(page.locator("#run-state")).hasText("Running");
        assertThat(page.locator("tr[data-task-run-id]")).hasCount(0);

        String task = taskRun(run, "late-task", List.of());
        taskRunState(task, "RUNNING");
        assertThat(page.locator("tr[data-task-run-id]")).hasCount(1, new LocatorAssertions.HasCountOptions()
                .setTimeout(15_000));
        taskRunState(task, "COMPLETED");
        flowRunStates(run, "COMPLETED");
        assertThat(page.locator("#run-state")).hasText("Completed", WAIT);
        assertThat(page.locator("#live")).hasAttribute("data-live", "false");
    }

    @Test
    void resettingAConcurrencyLimitReleasesItsSlots() {
        String tag = unique("db");
        concurrencyLimit(tag, 2);
        String run = runningRun("holder");
        String task = taskRun(run, "write", List.of(tag));
        taskRunState(task, "RUNNING");
        assertEquals(List.of(task), activeSlots(tag));

        page.navigate("/concurrency-limits");
        Locator row = page.locator("tr[data-tag='" + tag + "']");
        assertThat(row.locator(".slots")).hasText("1 / 2");
        assertThat(row.locator("a[href='/flow-runs/task-run/" + task + "']")).hasCount(1);
        screenshot("concurrency-limits", false);

        page.onceDialog(d -> d.accept());
        row.locator("button", new Locator.LocatorOptions().setHasText("Reset")).click();
        assertThat(page.locator(".notice")).containsText(tag, WAIT_CONTAINS);
        assertThat(page.locator("tr[data-tag='" + tag + "'] .slots")).hasText("0 / 2");
        assertEquals(List.of(), activeSlots(tag));
    }

    @Test
    void flowsDeploymentsAndWorkPoolsAreListed() {
        page.navigate("/flows");
        page.fill("input[name=q]", seed.flowName);
        page.press("input[name=q]", "Enter");
        page.waitForURL(Pattern.compile(".*q=.*"));
        page.locator("a", new Page.LocatorOptions().setHasText(seed.flowName)).first().click();
        page.waitForURL("**/flows/flow/" + seed.flowId);
        assertThat(page.locator("h1")).containsText(seed.flowName);
        assertThat(page.locator("body")).containsText("every 1h 00m");
        page.locator("a", new Page.LocatorOptions().setHasText(seed.deploymentName)).first().click();
        page.waitForURL("**/deployments/deployment/" + seed.deploymentId);
        assertThat(page.locator("pre.json")).containsText("eu-west-1");
        page.locator(".meta a", new Page.LocatorOptions().setHasText(seed.pool)).click();
        page.waitForURL("**/work-pools/work-pool/" + seed.pool);
        assertThat(page.locator("body")).containsText(seed.queue);

        // the lists (by name: on a database with many of them, the seeded ones may be further down)
        page.navigate("/deployments");
        assertThat(page.locator("h1")).containsText("Deployments");
        screenshot("deployments", false);
        page.navigate("/work-pools");
        assertThat(page.locator("h1")).containsText("Work pools");
        screenshot("work-pools", false);
    }

    private static String runningRun(String prefix) {
        String run = flowRun(seed.flowId, unique(prefix), 5, Map.of(), List.of(), null);
        flowRunStates(run, "PENDING", "RUNNING");
        return run;
    }

    static final LocatorAssertions.ContainsTextOptions WAIT_CONTAINS = new LocatorAssertions.ContainsTextOptions()
            .setTimeout(15_000);

    private void screenshot(String name, boolean fullPage) {
        Path dir = Path.of(System.getProperty("orchestra.ui.screenshots", "target/ui-screenshots"));
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(fullPage)
                .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED));
    }

    /**
     * What the pages show: a nightly ETL flow with runs over the past day in several states, one of them with four
     * task runs (extract, transform, load in a chain; report as a subflow), logs and parameters; a deployment on a
     * work pool.
     */
    static final class Seed {
        String flowId;
        String flowName;
        String mainRun;
        String mainRunName;
        String transform;
        String subflow;
        String tag;
        String deploymentId;
        String deploymentName;
        String pool;
        String queue;

        static Seed make() {
            Seed s = new Seed();
            s.flowName = "nightly-etl";
            s.flowId = flow(s.flowName);
            String reportFlow = flow("build-report");
            String mlFlow = flow("train-model");
            s.pool = "local-processes";
            s.queue = "etl";
            s.deploymentName = "nightly";
            UiFixtures.workPool(s.pool, s.queue);
            s.deploymentId = deployment(s.flowId, s.deploymentName, s.pool, s.queue, json("interval", 3600));
            deployment(mlFlow, "weekly", s.pool, "default", json("cron", "0 3 * * 1", "timezone", "UTC"));

            String[][] outcomes = {{"COMPLETED"}, {"COMPLETED"}, {"FAILED"}, {"COMPLETED"}, {"CRASHED"},
                {"COMPLETED"}, {"COMPLETED"}, {"CANCELLED"}, {"COMPLETED"}, {"FAILED"}, {"COMPLETED"}};
            for (int i = 0; i < outcomes.length; i++) {
                for (String flowId : List.of(s.flowId, mlFlow)) {
                    String run = flowRun(flowId, unique(flowId.equals(mlFlow) ? "train" : "etl"),
                            (i + 1) * 7800L + (flowId.equals(mlFlow) ? 1800 : 0), Map.of(), List.of("nightly"), null);
                    finish(run, outcomes[(i + (flowId.equals(mlFlow) ? 3 : 0)) % outcomes.length][0]);
                }
            }
            String running = flowRun(mlFlow, unique("train"), 600, Map.of("epochs", 20), List.of(), null);
            flowRunStates(running, "PENDING", "RUNNING");
            concurrencyLimit("gpu", 4);
            for (String shard : List.of("train-shard-1", "train-shard-2")) {
                taskRunState(taskRun(running, shard, List.of("gpu")), "RUNNING");
            }
            flowRun(s.flowId, unique("etl"), -3000, Map.of(), List.of("nightly"), null);

            s.tag = unique("ui");
            s.mainRunName = unique("etl-main");
            s.mainRun = flowRun(s.flowId, s.mainRunName, 900, Map.of("date", "2026-12-01", "batch_size", 500),
                    List.of("nightly", s.tag), null);
            flowRunStates(s.mainRun, "PENDING", "RUNNING");
            log(s.mainRun, null, 20, "prefect.flow_runs", "Beginning flow run '" + s.mainRunName + "'");
            String extract = task(s.mainRun, "extract", "Loaded 1200 rows from the orders table");
            s.transform = task(s.mainRun, "transform", "Normalised 1200 rows", extract);
            String load = task(s.mainRun, "load", "Wrote 1200 rows to the warehouse", s.transform);
            String reportTask = taskRun(s.mainRun, "report", List.of(), load);
            taskRunState(reportTask, "RUNNING");
            s.subflow = flowRun(reportFlow, "report", 0, Map.of(), List.of(), reportTask);
            flowRunStates(s.subflow, "PENDING", "RUNNING", "COMPLETED");
            taskRunState(reportTask, "COMPLETED");
            log(s.mainRun, null, 30, "prefect.flow_runs", "The warehouse answered slowly (2.3 s)");
            log(s.mainRun, null, 20, "prefect.flow_runs", "Finished in state Completed()");
            flowRunStates(s.mainRun, "COMPLETED");
            return s;
        }

        private static void finish(String run, String outcome) {
            flowRunStates(run, "PENDING", "RUNNING");
            if (outcome.equals("CANCELLED")) {
                flowRunState(run, "CANCELLING", null);
            }
            flowRunState(run, outcome, null);
        }

        private static String task(String run, String name, String message, String... upstream) {
            String id = taskRun(run, name, List.of(), upstream);
            taskRunState(id, "RUNNING");
            log(run, id, 20, "prefect.task_runs", message);
            taskRunState(id, "COMPLETED");
            return id;
        }
    }
}
