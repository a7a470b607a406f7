package dev.tandem.gateway.problem;

import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Puts {@link UnparsableTargets} into every HTTP connection of the gateway's server. */
@Configuration(proxyBeanMethods = false)
class UnparsableTargetsConfiguration {

  @Bean
  NettyServerCustomizer unparsableTargets() {
    return server ->
        server.doOnChannelInit(
            (observer, channel, remote) ->
                channel
                    .pipeline()
                    .addAfter(
                        NettyPipeline.HttpCodec,
                        "tandem.unparsableTargets",
                        new UnparsableTargets()));
  }
}
