package dev.tandem.launcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.launcher.rules.RuleFile.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./tandem rules}' files: what they may hold, and that every refusal names the file, the
 * application and kind, the rule's index and the problem.
 */
public class RuleFileTest {

  private static final Path FIXTURES = Path.of("src/test/resources/rules");

  @TempDir Path dir;

  private List<RuleSet> apply(String json) throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(file, json);
    return RuleFile.readForApply(file, "rules.json");
  }

  private static String gateway(String kinds) {
    return "{\"application\": \"gateway\", " + kinds + "}";
  }

  private static String promotion(String kinds) {
    return "{\"application\": \"promotion-service\", " + kinds + "}";
  }

  @Test
  void takesEveryKindWithSentinelsOwnFieldNames() {
    List<RuleSet> gateway = RuleFile.readForApply(FIXTURES.resolve("gateway.json"), "gateway.json");
    List<RuleSet> services =
        RuleFile.readForApply(FIXTURES.resolve("services.json"), "services.json");

    assertThat(gateway).singleElement().extracting(RuleSet::application).isEqualTo("gateway");
    // kept in RuleKind order, whatever order the file names them in
    assertThat(gateway.getFirst().kinds().keySet())
        .containsExactly(RuleKind.SYSTEM, RuleKind.GW_FLOW, RuleKind.GW_API_GROUP);
    assertThat(services)
        .extracting(RuleSet::application)
        .containsExactly("site-service", "promotion-service");
    assertThat(services.get(1).kinds().get(RuleKind.FLOW)).hasSize(3);
    assertThat(services.get(1).kinds().get(RuleKind.PARAM_FLOW)).hasSize(1);
    assertThat(services.getFirst().ruleCount()).isEqualTo(3);
  }

  @Test
  void whatShowPrintsApplyTakesBackUnchanged() throws IOException {
    RuleSet original =
        RuleFile.readForApply(FIXTURES.resolve("gateway.json"), "gateway.json").getFirst();

    String shown = RuleFile.pretty(RuleFile.toJson(original));
    RuleSet again = apply(shown).getFirst();

    assertThat(again).isEqualTo(original);
    assertThat(shown).startsWith("{\n  \"application\": \"gateway\",\n  \"system\": [\n    {");
  }

  @Test
  void aNodeHoldsTheKindsRulesAsOneCompactArray() throws IOException {
    RuleSet set =
        apply(promotion("\"flow\": [{\"resource\": \"claim\", \"count\": 5}]")).getFirst();

    byte[] value = RuleNode.value(set.kinds().get(RuleKind.FLOW));

    assertThat(new String(value, StandardCharsets.UTF_8))
        .isEqualTo("[{\"resource\":\"claim\",\"count\":5}]");
    assertThat(RuleNode.parse(value).rules()).isEqualTo(set.kinds().get(RuleKind.FLOW));
  }

  @Test
  void anEmptyArrayClearsAKind() throws IOException {
    assertThat(apply(promotion("\"flow\": []")).getFirst().kinds().get(RuleKind.FLOW)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          unknown field names the field and the class's own | {"flow": [{"resource": "a", "count": 1}, {"resource": "b", "cout": 1}]} | rules.json: promotion-service flow[1]: unknown field "cout"; FlowRule has [
          nested unknown field names where | {"flow": [{"resource": "a", "count": 1, "clusterConfig": {"flowID": 1}}]} | rules.json: promotion-service flow[0]: unknown field "flowID" in clusterConfig
          negative count fails Sentinel's own check | {"flow": [{"resource": "a", "count": -1}]} | rules.json: promotion-service flow[0]: Sentinel would skip this rule; it needs FlowRuleUtil.isValidRule
          blank resource fails Sentinel's own check | {"degrade": [{"resource": " ", "count": 1, "timeWindow": 5}]} | rules.json: promotion-service degrade[0]: Sentinel would skip this rule; it needs DegradeRuleManager.isValidRule
          slow ratio above one | {"degrade": [{"resource": "a", "grade": 0, "count": 100, "slowRatioThreshold": 2, "timeWindow": 5}]} | promotion-service degrade[0]: Sentinel would skip
          param rule without its parameter index | {"param-flow": [{"resource": "a", "count": 1}]} | promotion-service param-flow[0]: Sentinel would skip this rule; it needs ParamFlowRuleUtil.isValidRule
          authority rule without callers | {"authority": [{"resource": "a", "strategy": 1}]} | promotion-service authority[0]: Sentinel would skip this rule; it needs AuthorityRuleManager.isValidRule
          system rule without any threshold | {"system": [{"highestCpuUsage": 0.8}, {}]} | promotion-service system[1]: Sentinel would skip this rule; it needs at least one of
          cpu usage is a share | {"system": [{"highestCpuUsage": 80}]} | promotion-service system[0]: Sentinel would skip this rule; it needs highestCpuUsage is a share of all cores
          a number written as a string | {"flow": [{"resource": "a", "count": "5"}]} | promotion-service flow[0]: field "count": Cannot coerce String value
          a fraction where Sentinel counts | {"flow": [{"resource": "a", "count": 5, "grade": 1.5}]} | promotion-service flow[0]: field "grade":
          a kind that is no array | {"flow": {"resource": "a", "count": 5}} | rules.json: promotion-service flow: expected a JSON array of rules ([] clears the kind), not an object
          a rule that is no object | {"flow": ["a"]} | rules.json: promotion-service flow[0]: a rule is a JSON object, not a string
          an unknown kind | {"flows": []} | rules.json: no rule kind 'flows'; the kinds are flow, degrade, system, param-flow, authority, gw-flow, gw-api-group
          gateway rules elsewhere | {"gw-flow": [{"resource": "a", "count": 1}]} | rules.json: gw-flow rules act only in the gateway; promotion-service would ignore them
          """)
  void refusesAndSaysWhereAndWhy(String why, String kinds, String message) {
    String json = promotion(kinds.strip().substring(1, kinds.strip().length() - 1));

    assertThatThrownBy(() -> apply(json))
        .as(why)
        .isInstanceOf(RuleFile.Invalid.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesAnApiGroupThatCouldMatchNothing() {
    assertThatThrownBy(
            () ->
                apply(
                    gateway(
                        "\"gw-api-group\": [{\"apiName\": \"a\", \"predicateItems\":"
                            + " [{\"pattern\": \"/api/(\", \"matchStrategy\": 2}]}]")))
        .hasMessageContaining("gateway gw-api-group[0]: Sentinel would skip this rule; it needs")
        .hasMessageContaining("is no regular expression");
    assertThatThrownBy(
            () ->
                apply(
                    gateway(
                        "\"gw-api-group\": [{\"apiName\": \"a\", \"predicateItems\":"
                            + " [{\"pattern\": \"/api\", \"matchStrategy\": 7}]}]")))
        .hasMessageContaining("matchStrategy 7 of pattern \"/api\" is none of");
    assertThatThrownBy(() -> apply(gateway("\"gw-api-group\": [{\"apiName\": \"a\"}]")))
        .hasMessageContaining("GatewayApiDefinitionManager.isValidApi");
  }

  @Test
  void refusesAGatewayRuleOnAHeaderWithoutItsName() {
    assertThatThrownBy(
            () ->
                apply(
                    gateway(
                        "\"gw-flow\": [{\"resource\": \"site\", \"count\": 5,"
                            + " \"paramItem\": {\"parseStrategy\": 2}}]")))
        .hasMessageContaining("gateway gw-flow[0]: Sentinel would skip this rule")
        .hasMessageContaining("GatewayRuleManager.isValidRule");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          no application | {"flow": []} | rules.json: names no application; add "application": one of gateway, site-service, member-service, promotion-service
          unknown application | {"application": "site", "flow": []} | rules.json: no application 'site'; the applications are gateway, site-service
          application is no name | {"application": 3} | rules.json: "application" is a name, not a number
          a key given twice | {"application": "gateway", "system": [], "system": []} | rules.json: not valid JSON at line 1
          an application twice | [{"application": "gateway"}, {"application": "gateway"}] | rules.json [1]: application gateway appears twice
          no object | [] | rules.json: expected {"application": "gateway", "KIND": [rules...]} or an array
          trailing garbage | {"application": "gateway"} x | rules.json: not valid JSON
          """)
  void refusesAFileThatIsNoRuleFile(String why, String json, String message) {
    assertThatThrownBy(() -> apply(json))
        .as(why)
        .isInstanceOf(RuleFile.Invalid.class)
        .hasMessageContaining(message);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> RuleFile.readForApply(dir.resolve("nope.json"), "nope.json"))
        .isInstanceOf(RuleFile.Invalid.class)
        .hasMessage("nope.json: no such file");
  }

  @Test
  void defaultsAreNamedAfterTheirApplicationAndMayBeMissing() {
    List<RuleSet> defaults = LiveRules.defaults(FIXTURES.resolve("defaults"));

    assertThat(defaults)
        .extracting(RuleSet::application)
        .containsExactly("gateway", "member-service");
    assertThat(defaults.getFirst().kinds().keySet())
        .containsExactly(RuleKind.SYSTEM, RuleKind.GW_FLOW);
    assertThat(RuleDefaults.read(FIXTURES.resolve("defaults"), "site-service")).isEmpty();
    assertThat(LiveRules.defaults(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void aDefaultsFileMayRepeatItsApplicationButNotNameAnother() throws IOException {
    Files.writeString(
        dir.resolve("gateway.json"), "{\"application\": \"gateway\", \"system\": []}");
    assertThat(RuleDefaults.read(dir, "gateway")).isPresent();

    Files.writeString(dir.resolve("gateway.json"), "{\"application\": \"site-service\"}");
    assertThatThrownBy(() -> RuleDefaults.read(dir, "gateway"))
        .hasMessageEndingWith(
            "gateway.json: says application site-service but is the file of gateway");
  }

  @Test
  void aDefaultsFileForNoApplicationIsRefusedRatherThanIgnored() throws IOException {
    Files.writeString(dir.resolve("site.json"), "{}");

    assertThatThrownBy(() -> LiveRules.defaults(dir))
        .isInstanceOf(RuleFile.Invalid.class)
        .hasMessageContaining("site.json: names no application; rule defaults are gateway.json,");
  }

  @Test
  void aBrokenDefaultsFileNamesItself() throws IOException {
    Files.writeString(dir.resolve("member-service.json"), "{\"flow\": [{\"resource\": \"a\"}], }");

    assertThatThrownBy(() -> LiveRules.defaults(dir))
        .isInstanceOf(RuleFile.Invalid.class)
        .hasMessageContaining("member-service.json: not valid JSON at line 1");
  }

  @Test
  void whatANodeHoldsIsReadOrExplained() {
    assertThat(RuleNode.parse("[]".getBytes(StandardCharsets.UTF_8)).rules()).isEmpty();
    assertThat(RuleNode.parse(new byte[0]).problem()).isEqualTo("the node is empty");
    assertThat(RuleNode.parse("{}".getBytes(StandardCharsets.UTF_8)).problem())
        .isEqualTo("it holds an object, not an array of rules");
    assertThat(RuleNode.parse("[{".getBytes(StandardCharsets.UTF_8)).problem())
        .startsWith("it holds no JSON");
  }

  @Test
  void kindsAreNamedExactlyAsInZooKeeper() {
    for (RuleKind kind : RuleKind.values()) {
      assertThat(RuleKind.of(kind.key())).contains(kind);
    }
    assertThat(RuleKind.keys())
        .isEqualTo("flow, degrade, system, param-flow, authority, gw-flow, gw-api-group");
    assertThat(RuleKind.of("Flow")).isEqualTo(Optional.empty());
  }
}
