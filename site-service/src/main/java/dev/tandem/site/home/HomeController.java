package dev.tandem.site.home;

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
  HomeView home(@PathVariable long id) {
    return homePage.of(id);
  }
}
