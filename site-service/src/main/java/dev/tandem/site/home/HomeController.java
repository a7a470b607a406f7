package dev.tandem.site.home;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HomeController {

  private final HomePage homePage;

  HomeController(HomePage homePage) {
    this.homePage = homePage;
  }

  @GetMapping("/api/members/{id}/home")
  ResponseEntity<HomeView> home(@PathVariable long id) {
    SectionTimings timings = new SectionTimings();
    HomeView page = homePage.of(id, timings);
    return ResponseEntity.ok().header(SectionTimings.HEADER, timings.header()).body(page);
  }
}
